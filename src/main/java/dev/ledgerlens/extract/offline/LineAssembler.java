package dev.ledgerlens.extract.offline;

import dev.ledgerlens.extract.offline.rules.TextLine;
import dev.ledgerlens.render.TextLayer;
import dev.ledgerlens.render.Word;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Turns a page's text layer into printed rows ({@link TextLine}s) in reading order.
 *
 * <p>OCR engines and PDF text extractors often split one receipt row into pieces (the label on the left,
 * the amount far right); field rules need the row whole. Pieces are the text layer's own lines when its
 * words can be matched to them, else single words; pieces whose vertical extents overlap by at least half
 * the smaller height, and that do not overlap horizontally, are joined into one row.
 *
 * <p>Stateless and thread-safe.
 */
public final class LineAssembler {
    /** Share of the smaller piece's height two pieces must overlap vertically to sit on one row. */
    private static final double ROW_OVERLAP = 0.5;

    /** The rows of one page, top to bottom. */
    public List<TextLine> rows(TextLayer layer, int page) {
        double pageConfidence = layer.origin() == TextLayer.Origin.PDF_TEXT ? 1.0 : Double.NaN;
        if (layer.words().isEmpty()) {
            return linesWithoutPositions(layer.text(), page, Double.isNaN(pageConfidence) ? 0.5 : pageConfidence);
        }
        List<Piece> pieces = piecesFromLines(layer);
        if (pieces == null) {
            pieces = layer.words().stream().filter(word -> !word.text().isBlank()).map(word -> new Piece(List.of(word))).toList();
        }
        double slope = slope(pieces);
        List<Piece> sorted = new ArrayList<>();
        for (Piece piece : pieces) {
            sorted.add(piece.shifted((int) Math.round(slope * (piece.left() + piece.right()) / 2.0)));
        }
        List<List<Piece>> rows = new ArrayList<>();
        sorted.sort(Comparator.comparingInt(Piece::top).thenComparingInt(Piece::left));
        for (Piece piece : sorted) {
            List<Piece> best = null;
            double bestOverlap = ROW_OVERLAP;
            for (List<Piece> row : rows) {
                Piece nearest = nearestHorizontally(row, piece);
                double overlap = verticalOverlap(nearest, piece);
                if (overlap >= bestOverlap && row.stream().noneMatch(other -> horizontallyOverlaps(other, piece))) {
                    bestOverlap = overlap;
                    best = row;
                }
            }
            if (best == null) {
                best = new ArrayList<>();
                rows.add(best);
            }
            best.add(piece);
        }
        List<TextLine> lines = new ArrayList<>();
        for (List<Piece> row : rows) {
            row.sort(Comparator.comparingInt(Piece::left));
            lines.add(toLine(row, page, pageConfidence));
        }
        lines.sort(Comparator.comparingInt((TextLine line) -> (line.top() + line.bottom()) / 2).thenComparingInt(TextLine::left));
        return lines;
    }

    /**
     * The page's skew as a slope (pixels down per pixel right): the slope that lines up the most pairs of
     * side-by-side pieces. A scan tilted by 2° moves a right-hand amount half a row down from its label,
     * enough to pair it with the wrong label if rows are matched on raw positions.
     */
    static double slope(List<Piece> pieces) {
        double best = 0;
        double bestScore = 0;
        for (int step = -12; step <= 12; step++) {
            double slope = step * 0.005;
            double score = 0;
            for (int i = 0; i < pieces.size(); i++) {
                Piece a = pieces.get(i);
                for (int j = i + 1; j < pieces.size(); j++) {
                    Piece b = pieces.get(j);
                    double dx = (b.left() + b.right()) / 2.0 - (a.left() + a.right()) / 2.0;
                    double height = Math.min(a.height(), b.height());
                    if (horizontallyOverlaps(a, b) || Math.abs(dx) < height) {
                        continue;
                    }
                    double dy = (b.top() + b.bottom()) / 2.0 - (a.top() + a.bottom()) / 2.0;
                    if (Math.abs(dy - slope * dx) < 0.2 * height) {
                        score += 1;
                    }
                }
            }
            // Ties go to the straighter page: most pages are not tilted.
            if (score > bestScore || score == bestScore && Math.abs(slope) < Math.abs(best)) {
                bestScore = score;
                best = slope;
            }
        }
        return best;
    }

    private static List<TextLine> linesWithoutPositions(String text, int page, double confidence) {
        List<TextLine> lines = new ArrayList<>();
        int index = 0;
        for (String raw : text.split("\\R")) {
            String line = raw.strip().replaceAll("\\s+", " ");
            if (!line.isEmpty()) {
                // Without positions, runs of spaces are the only sign of columns.
                List<String> cells = new ArrayList<>();
                List<TextLine.Span> spans = new ArrayList<>();
                java.util.regex.Matcher cell = java.util.regex.Pattern.compile("\\S+(?: \\S+)*").matcher(raw);
                while (cell.find()) {
                    // one character is one unit across: columns of a plain-text table still line up
                    cells.add(cell.group().replaceAll("\\s+", " "));
                    spans.add(new TextLine.Span(cell.start(), cell.end()));
                }
                lines.add(new TextLine(line, page, index * 10, index * 10 + 8, 0, raw.length(), confidence, cells, spans));
            }
            index++;
        }
        return lines;
    }

    /** Groups words by the layer's own text lines, or null when the words do not match the text. */
    private static List<Piece> piecesFromLines(TextLayer layer) {
        List<Word> words = layer.words();
        List<Piece> pieces = new ArrayList<>();
        int next = 0;
        for (String raw : layer.text().split("\\R")) {
            String line = raw.strip().replaceAll("\\s+", " ");
            if (line.isEmpty()) {
                continue;
            }
            List<Word> lineWords = new ArrayList<>();
            StringBuilder seen = new StringBuilder();
            while (next < words.size() && seen.length() < line.length()) {
                Word word = words.get(next++);
                if (word.text().isBlank()) {
                    continue;
                }
                if (!seen.isEmpty()) {
                    seen.append(' ');
                }
                seen.append(word.text().strip().replaceAll("\\s+", " "));
                lineWords.add(word);
            }
            if (!seen.toString().equals(line)) {
                return null;
            }
            pieces.add(new Piece(lineWords));
        }
        return next == words.size() || words.subList(next, words.size()).stream().allMatch(w -> w.text().isBlank())
                ? pieces : null;
    }

    private static Piece nearestHorizontally(List<Piece> row, Piece piece) {
        Piece nearest = row.get(0);
        int bestDistance = Integer.MAX_VALUE;
        for (Piece candidate : row) {
            int distance = Math.max(0, Math.max(candidate.left() - piece.right(), piece.left() - candidate.right()));
            if (distance < bestDistance) {
                bestDistance = distance;
                nearest = candidate;
            }
        }
        return nearest;
    }

    private static double verticalOverlap(Piece a, Piece b) {
        int overlap = Math.min(a.bottom(), b.bottom()) - Math.max(a.top(), b.top());
        return overlap <= 0 ? 0 : (double) overlap / Math.max(1, Math.min(a.height(), b.height()));
    }

    private static boolean horizontallyOverlaps(Piece a, Piece b) {
        // A couple of pixels of touching boxes is noise, not two pieces printed over each other.
        int overlap = Math.min(a.right(), b.right()) - Math.max(a.left(), b.left());
        return overlap > 2;
    }

    private static TextLine toLine(List<Piece> row, int page, double pageConfidence) {
        StringBuilder text = new StringBuilder();
        List<String> cells = new ArrayList<>();
        List<TextLine.Span> spans = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        int cellLeft = Integer.MAX_VALUE;
        int previousRight = Integer.MIN_VALUE;
        int[] heights = row.stream().flatMap(piece -> piece.words().stream()).mapToInt(Word::height).sorted().toArray();
        int typicalHeight = heights.length == 0 ? 10 : Math.max(1, heights[heights.length / 2]);
        int top = Integer.MAX_VALUE;
        int bottom = Integer.MIN_VALUE;
        int left = Integer.MAX_VALUE;
        int right = Integer.MIN_VALUE;
        double confidenceSum = 0;
        int characters = 0;
        for (Piece piece : row) {
            for (Word word : piece.words()) {
                if (!text.isEmpty()) {
                    text.append(' ');
                }
                String wordText = word.text().strip().replaceAll("\\s+", " ");
                text.append(wordText);
                // A gap wider than 1.5 line heights is a column break, not a space between words.
                if (!cell.isEmpty() && word.left() - previousRight > typicalHeight * 1.5) {
                    cells.add(cell.toString());
                    spans.add(new TextLine.Span(cellLeft, previousRight));
                    cell.setLength(0);
                }
                if (!cell.isEmpty()) {
                    cell.append(' ');
                } else {
                    cellLeft = word.left();
                }
                cell.append(wordText);
                previousRight = Math.max(previousRight, word.right());
                confidenceSum += word.confidence() * wordText.length();
                characters += wordText.length();
            }
            top = Math.min(top, piece.top());
            bottom = Math.max(bottom, piece.bottom());
            left = Math.min(left, piece.left());
            right = Math.max(right, piece.right());
        }
        double confidence = Double.isNaN(pageConfidence)
                ? (characters == 0 ? 0 : confidenceSum / characters / 100.0)
                : pageConfidence;
        if (!cell.isEmpty()) {
            cells.add(cell.toString());
            spans.add(new TextLine.Span(cellLeft, previousRight));
        }
        return new TextLine(text.toString(), page, top, bottom, left, right, confidence, cells, spans);
    }

    /**
     * A run of words known to belong together (one OCR line, or one word).
     * {@code shift} moves it up by the page skew at its position, for matching rows; output keeps true positions.
     */
    record Piece(List<Word> words, int shift) {
        Piece(List<Word> words) {
            this(words, 0);
        }

        Piece shifted(int by) {
            return new Piece(words, by);
        }

        int top() {
            return words.stream().mapToInt(Word::top).min().orElse(0) - shift;
        }

        int bottom() {
            return words.stream().mapToInt(Word::bottom).max().orElse(0) - shift;
        }

        int left() {
            return words.stream().mapToInt(Word::left).min().orElse(0);
        }

        int right() {
            return words.stream().mapToInt(Word::right).max().orElse(0);
        }

        int height() {
            return Math.max(1, bottom() - top());
        }
    }
}
