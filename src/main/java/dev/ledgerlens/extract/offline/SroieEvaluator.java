package dev.ledgerlens.extract.offline;

import dev.ledgerlens.extract.offline.rules.PrintedAmount;
import dev.ledgerlens.extract.offline.rules.PrintedDate;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ledgerlens.extract.Extraction;
import dev.ledgerlens.extract.Extractor;
import dev.ledgerlens.extract.RawFields;
import dev.ledgerlens.failure.FailureReason;
import dev.ledgerlens.failure.LedgerlensException;
import dev.ledgerlens.ingest.SourceDocument;
import dev.ledgerlens.render.DocumentType;
import dev.ledgerlens.render.RenderedDocument;
import dev.ledgerlens.render.RenderedPage;
import dev.ledgerlens.render.TextLayer;
import dev.ledgerlens.render.Word;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * Measures an engine on a folder laid out like the SROIE 2019 data ({@code img/<id>.jpg},
 * {@code entities/<id>.json} with company, date, address, total; optionally {@code box/<id>.txt}).
 *
 * <p>Per field exact match: company ↔ store_name and address ↔ store_address after collapsing whitespace and
 * case (all whitespace removed); date ↔ date as the same day (each read in its own printed format); total ↔ total as the same decimal.
 * With {@link TextSource#BOX} the ground-truth OCR lines replace Tesseract, which measures the field rules alone.
 *
 * <p>Thread-safe if the engine is; one evaluation runs receipts on {@code threads} threads.
 */
public final class SroieEvaluator {
    public static final List<String> FIELDS = List.of("company", "date", "address", "total");

    /** Where the page text comes from. */
    public enum TextSource { OCR, BOX }

    /** One receipt's outcome. */
    public record Outcome(String id, Path image, JsonNode expected, RawFields extracted, List<String> misses, String error,
                          long millis) {
    }

    /**
     * The figures of one run.
     *
     * @param receipts          receipts read
     * @param accuracy          per field (company, date, address, total) the share exactly right, 0..1
     * @param hmean             harmonic mean of the four accuracies
     * @param secondsPerReceipt wall time divided by receipts (all threads together)
     * @param outcomes          every receipt, in id order
     */
    public record Report(int receipts, java.util.Map<String, Double> accuracy, double hmean, double secondsPerReceipt,
                         List<Outcome> outcomes) {
    }

    private final Extractor extractor;
    private final TextSource textSource;
    private final int threads;
    private final ObjectMapper json = new ObjectMapper();

    public SroieEvaluator(Extractor extractor, TextSource textSource, int threads) {
        this.extractor = extractor;
        this.textSource = textSource;
        this.threads = Math.max(1, threads);
    }

    /** Reads the first {@code limit} receipts (by id; 0 = all) of {@code dataset} and scores them. */
    public Report evaluate(Path dataset, int limit) {
        List<String> ids = ids(dataset, limit);
        long started = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Outcome> outcomes = new ArrayList<>();
        try {
            List<Future<Outcome>> futures = new ArrayList<>();
            for (String id : ids) {
                futures.add(pool.submit(() -> evaluateOne(dataset, id)));
            }
            for (Future<Outcome> future : futures) {
                outcomes.add(future.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LedgerlensException(FailureReason.INTERNAL_ERROR, "evaluation interrupted", e);
        } catch (ExecutionException e) {
            throw new LedgerlensException(FailureReason.INTERNAL_ERROR, "evaluation failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        java.util.Map<String, Double> accuracy = new java.util.LinkedHashMap<>();
        for (String field : FIELDS) {
            long right = outcomes.stream().filter(outcome -> !outcome.misses().contains(field)).count();
            accuracy.put(field, outcomes.isEmpty() ? 0 : (double) right / outcomes.size());
        }
        double inverse = 0;
        for (double value : accuracy.values()) {
            inverse += value == 0 ? Double.POSITIVE_INFINITY : 1 / value;
        }
        double hmean = Double.isInfinite(inverse) ? 0 : accuracy.size() / inverse;
        return new Report(outcomes.size(), accuracy, hmean, outcomes.isEmpty() ? 0 : seconds / outcomes.size(), outcomes);
    }

    /** The receipts' ids in a SROIE-style folder, sorted; the first {@code limit} (0 = all). */
    static List<String> ids(Path dataset, int limit) {
        Path entities = dataset.resolve("entities");
        if (!Files.isDirectory(entities) || !Files.isDirectory(dataset.resolve("img"))) {
            throw new LedgerlensException(FailureReason.CONFIGURATION_INVALID,
                    dataset + " is not laid out like SROIE: it needs img/ and entities/ folders");
        }
        try (Stream<Path> files = Files.list(entities)) {
            Stream<String> ids = files.map(path -> path.getFileName().toString())
                    .filter(name -> name.endsWith(".json"))
                    .map(name -> name.substring(0, name.length() - 5))
                    .sorted();
            return (limit > 0 ? ids.limit(limit) : ids).toList();
        } catch (IOException e) {
            throw new LedgerlensException(FailureReason.CONFIGURATION_INVALID, "cannot list " + entities + ": " + e.getMessage(), e);
        }
    }

    private Outcome evaluateOne(Path dataset, String id) throws IOException {
        Path image = dataset.resolve("img").resolve(id + ".jpg");
        JsonNode expected = json.readTree(dataset.resolve("entities").resolve(id + ".json").toFile());
        long started = System.nanoTime();
        RawFields extracted;
        String error = null;
        try {
            RenderedDocument document = document(dataset, id, image);
            Extraction extraction = extractor.extract(document);
            extracted = extraction.fields();
        } catch (LedgerlensException e) {
            extracted = RawFields.empty();
            error = e.reason() + ": " + e.getMessage();
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        return new Outcome(id, image, expected, extracted, misses(expected, extracted), error, millis);
    }

    /** The fields of {@link #FIELDS} that {@code extracted} gets wrong against the receipt's labels, in that order. */
    static List<String> misses(JsonNode expected, RawFields extracted) {
        List<String> misses = new ArrayList<>();
        if (!sameText(text(expected, "company"), extracted.storeName())) {
            misses.add("company");
        }
        if (!sameDate(text(expected, "date"), extracted.date())) {
            misses.add("date");
        }
        if (!sameText(text(expected, "address"), extracted.storeAddress())) {
            misses.add("address");
        }
        if (!sameAmount(text(expected, "total"), extracted.total())) {
            misses.add("total");
        }
        return misses;
    }

    /** Receipt {@code id} of the dataset as the one-page document the engine reads. */
    RenderedDocument document(Path dataset, String id, Path image) throws IOException {
        int[] size = ScanPreprocessor.imageSize(image);
        TextLayer layer = null;
        if (textSource == TextSource.BOX) {
            layer = boxLayer(dataset.resolve("box").resolve(id + ".txt"));
        }
        SourceDocument source = new SourceDocument(id, image.toUri().toString(), image.getFileName().toString(),
                Files.size(image), image);
        RenderedPage page = new RenderedPage(1, image, "image/jpeg", size[0], size[1], layer);
        return new RenderedDocument(source, DocumentType.JPEG, 1, List.of(page));
    }

    /** The ground-truth lines as a text layer: one word per box (its text may hold spaces), one line per box. */
    static TextLayer boxLayer(Path boxFile) throws IOException {
        if (!Files.isRegularFile(boxFile)) {
            throw new LedgerlensException(FailureReason.CONFIGURATION_INVALID, "no ground-truth text " + boxFile);
        }
        List<Word> words = new ArrayList<>();
        for (String raw : Files.readAllLines(boxFile, StandardCharsets.UTF_8)) {
            String[] parts = raw.split(",", 9);
            if (parts.length < 9 || parts[8].isBlank()) {
                continue;
            }
            int[] xy = new int[8];
            for (int i = 0; i < 8; i++) {
                xy[i] = Integer.parseInt(parts[i].strip());
            }
            int left = Math.min(Math.min(xy[0], xy[2]), Math.min(xy[4], xy[6]));
            int right = Math.max(Math.max(xy[0], xy[2]), Math.max(xy[4], xy[6]));
            int top = Math.min(Math.min(xy[1], xy[3]), Math.min(xy[5], xy[7]));
            int bottom = Math.max(Math.max(xy[1], xy[3]), Math.max(xy[5], xy[7]));
            words.add(new Word(parts[8].strip(), left, top, right - left, bottom - top, 100f));
        }
        StringBuilder text = new StringBuilder();
        for (Word word : words) {
            text.append(word.text().replaceAll("\\s+", " ")).append('\n');
        }
        return new TextLayer(text.toString(), words, TextLayer.Origin.OCR);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    static String normalise(String text) {
        // Spacing is not content: "28,JALAN" and "28, JALAN" are the same address to a reader.
        return text == null ? null : text.replaceAll("\\s+", "").toUpperCase(Locale.ROOT);
    }

    static boolean sameText(String expected, String actual) {
        return expected != null && actual != null && normalise(expected).equals(normalise(actual));
    }

    static boolean sameDate(String expected, String actual) {
        LocalDate want = PrintedDate.parse(expected);
        LocalDate got = PrintedDate.parse(actual);
        return want != null && want.equals(got);
    }

    static boolean sameAmount(String expected, String actual) {
        BigDecimal want = decimal(expected);
        BigDecimal got = decimal(actual);
        return want != null && got != null && want.compareTo(got) == 0;
    }

    private static BigDecimal decimal(String text) {
        if (text == null) {
            return null;
        }
        List<PrintedAmount> amounts = PrintedAmount.findAll(text);
        if (!amounts.isEmpty()) {
            return amounts.get(amounts.size() - 1).value();
        }
        String digits = text.replaceAll("[^\\d.]", "");
        try {
            return digits.isEmpty() ? null : new BigDecimal(digits);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** A self-contained HTML page listing each receipt with a miss: the image, what was expected and what was read. */
    public static String html(Report report) {
        StringBuilder html = new StringBuilder("<!doctype html><meta charset=utf-8><title>Offline engine misses</title>")
                .append("<style>body{font-family:sans-serif}table{border-collapse:collapse}td{border:1px solid #ccc;padding:4px;vertical-align:top}"
                        + ".miss{background:#fdd}img{max-width:320px}</style>")
                .append("<h1>Offline engine: ").append(report.receipts()).append(" receipts</h1><p>");
        report.accuracy().forEach((field, value) -> html.append(escape(field)).append(' ')
                .append(String.format(Locale.ROOT, "%.1f%%", value * 100)).append(" &middot; "));
        html.append(String.format(Locale.ROOT, "H-mean %.1f%% &middot; %.2f s/receipt</p><table>", report.hmean() * 100, report.secondsPerReceipt()));
        html.append("<tr><th>receipt</th><th>field</th><th>expected</th><th>extracted</th></tr>");
        report.outcomes().stream().filter(outcome -> !outcome.misses().isEmpty())
                .sorted(Comparator.comparing(Outcome::id)).forEach(outcome -> {
                    html.append("<tr><td rowspan=4><b>").append(escape(outcome.id())).append("</b><br><img src=\"")
                            .append(escape(outcome.image().toUri().toString())).append("\">");
                    if (outcome.error() != null) {
                        html.append("<br>").append(escape(outcome.error()));
                    }
                    html.append("</td>");
                    boolean first = true;
                    for (String field : FIELDS) {
                        if (!first) {
                            html.append("<tr>");
                        }
                        first = false;
                        String actual = switch (field) {
                            case "company" -> outcome.extracted().storeName();
                            case "date" -> outcome.extracted().date();
                            case "address" -> outcome.extracted().storeAddress();
                            default -> outcome.extracted().total();
                        };
                        html.append(outcome.misses().contains(field) ? "<td class=miss>" : "<td>").append(field).append("</td><td>")
                                .append(escape(text(outcome.expected(), field))).append("</td><td>").append(escape(actual)).append("</td></tr>");
                    }
                });
        return html.append("</table>").toString();
    }

    private static String escape(String text) {
        return Objects.toString(text, "∅").replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
