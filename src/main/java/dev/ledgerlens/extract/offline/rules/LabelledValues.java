package dev.ledgerlens.extract.offline.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;

/**
 * Values printed next to a label, wherever the layout puts them: after the label in its cell ("Invoice no.: F-1093"),
 * in the next cell of the row ("Rechnungsnummer      RE-2026-0815", a label column and a value column), or under the
 * label in the row below (a header row of labels over a row of values, as invoices print number, date and due date
 * side by side). Stateless and thread-safe.
 */
final class LabelledValues {
    /** What follows a label before its value: colons, dashes, number signs, dots, and the "°" of a "N°" the label's pattern stops before (OCR reads a "º" as "®" now and then). */
    private static final String SEPARATORS = "^[\\s:#.=\\-–—°º®]+";

    /**
     * One value found: the text read ({@code valueOf}'s answer), its row and how directly the layout ties it to its
     * label (1 in the label's cell, less beside or below it).
     */
    record Found(String value, int row, double strength) {
    }

    private final Labels labels;

    LabelledValues(Labels labels) {
        this.labels = labels;
    }

    /**
     * Every value of a {@code kind} label, top to bottom. A label that lies inside a label of one of the {@code excluded}
     * kinds is not one ("Due date" holds "date"). {@code valueOf} takes the text where a value may stand and returns the
     * value, or null when that text is none (a word where a number belongs).
     */
    List<Found> find(List<Row> rows, Labels.Kind kind, Set<Labels.Kind> excluded, Function<String, String> valueOf) {
        List<Found> found = new ArrayList<>();
        for (Row row : rows) {
            List<String> cells = row.line().cells();
            List<String> folded = row.foldedCells();
            for (int cell = 0; cell < cells.size(); cell++) {
                Matcher label = labels.pattern(kind).matcher(folded.get(cell));
                while (label.find()) {
                    if (inside(folded.get(cell), label.start(), label.end(), excluded)) {
                        continue;
                    }
                    Found value = value(rows, row, cell, label.end(), valueOf);
                    if (value != null) {
                        found.add(value);
                        break;
                    }
                }
            }
        }
        return found;
    }

    /** The first value of a {@code kind} label, or null. */
    Found first(List<Row> rows, Labels.Kind kind, Set<Labels.Kind> excluded, Function<String, String> valueOf) {
        List<Found> all = find(rows, kind, excluded, valueOf);
        return all.isEmpty() ? null : all.get(0);
    }

    private boolean inside(String folded, int start, int end, Set<Labels.Kind> excluded) {
        for (Labels.Kind other : excluded) {
            Matcher matcher = labels.pattern(other).matcher(folded);
            while (matcher.find()) {
                if (matcher.start() <= start && end <= matcher.end()) {
                    return true;
                }
            }
        }
        return false;
    }

    private Found value(List<Row> rows, Row row, int cell, int labelEnd, Function<String, String> valueOf) {
        List<String> cells = row.line().cells();
        String rest = cells.get(cell).substring(labelEnd).replaceFirst(SEPARATORS, "").strip();
        if (!rest.isEmpty()) {
            String value = valueOf.apply(rest);
            // a label with text after it is answered in its cell, or not at all: the next cell is some other field's
            return value == null ? null : new Found(value, row.index(), 1.0);
        }
        if (cell + 1 < cells.size()) {
            String value = valueOf.apply(cells.get(cell + 1).replaceFirst(SEPARATORS, "").strip());
            if (value != null) {
                return new Found(value, row.index(), 0.95);
            }
        }
        // under the label: the next row's cell that stands in the label's column, close below it
        if (row.index() + 1 < rows.size()) {
            Row below = rows.get(row.index() + 1);
            TextLine.Span span = row.line().spans().get(cell);
            boolean close = below.line().page() == row.line().page()
                    && below.line().top() - row.line().bottom() < 2.5 * row.line().height();
            if (close && below.line().cells().size() > 1 || close && row.line().cells().size() == 1) {
                for (int other = 0; other < below.line().cells().size(); other++) {
                    TextLine.Span under = below.line().spans().get(other);
                    boolean aligned = span.overlap(under) >= 0.5 || Math.abs(span.left() - under.left()) < row.line().height();
                    if (aligned) {
                        String value = valueOf.apply(below.line().cells().get(other).strip());
                        if (value != null) {
                            return new Found(value, below.index(), 0.9);
                        }
                    }
                }
            }
        }
        return null;
    }
}
