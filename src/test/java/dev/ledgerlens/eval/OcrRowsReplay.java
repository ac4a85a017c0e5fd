package dev.ledgerlens.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ledgerlens.config.ConfigSource;
import dev.ledgerlens.extract.RawFields;
import dev.ledgerlens.extract.offline.OfflineExtractor;
import dev.ledgerlens.extract.offline.OfflineSettings;
import dev.ledgerlens.extract.offline.rules.PassVote;
import dev.ledgerlens.extract.offline.rules.ReceiptParser;
import dev.ledgerlens.extract.offline.rules.TextLine;

import java.io.BufferedReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Tuning tool for the offline engine's rules: OCR once, replay the rules many times. The replay scores the fields
 * the engine returns (after the vote, before validation): the rules' own figures. {@code ledgerlens eval} scores the
 * validated record, so its figures are lower by the receipts that validation dead-letters.
 *
 * <ul>
 *   <li>{@code OcrRowsReplay dump <dataset> <rows.jsonl> [limit]} reads each receipt of a SROIE-style folder as
 *       {@code ledgerlens eval} does (rendered, then read by the engine) and writes, one JSON line per receipt, every
 *       pass's rows (text, position, confidence, cells) with the expected fields (about 8 minutes for the
 *       200-receipt sample on an idle machine).</li>
 *   <li>{@code OcrRowsReplay replay <rows.jsonl> [field]} parses the stored rows with the rules as they are now
 *       ({@link ReceiptParser}), lets the passes vote with today's weights ({@link PassVote}, as the engine does) and
 *       prints the four accuracies of the engine's fields, in a second; with a field name (company, date, address,
 *       total) it also lists that field's misses.</li>
 *   <li>{@code OcrRowsReplay passes <rows.jsonl> <passes.jsonl>} writes each pass's four fields, their
 *       confidences and whether each is right, for {@code bench/ocr-votes.py}.</li>
 * </ul>
 * Configuration from the environment as for {@code run}; address rows are joined by spaces, as {@code eval} does.
 */
public final class OcrRowsReplay {
    private static final ObjectMapper JSON = new ObjectMapper();

    public static void main(String[] args) throws Exception {
        // address rows joined by spaces, as `ledgerlens eval` does by default (the SROIE labels' convention)
        ConfigSource config = ConfigSource.load(null, System.getenv()).with(Map.of("ledgerlens.offline.address-join", "space"));
        OfflineSettings settings = OfflineSettings.from(config);
        switch (args[0]) {
            case "dump" -> dump(config, settings, Path.of(args[1]), Path.of(args[2]), args.length > 3 ? Integer.parseInt(args[3]) : 0);
            case "replay" -> replay(settings, Path.of(args[1]), args.length > 2 ? args[2] : null);
            case "passes" -> passes(settings, Path.of(args[1]), Path.of(args[2]));
            default -> throw new IllegalArgumentException("dump, replay or passes, not " + args[0]);
        }
    }

    /** The stored receipts: id, expected fields, each pass's rows and the weights the dump's engine gave them. */
    private record Receipt(String id, long ms, JsonNode expected, List<List<TextLine>> rows, List<Map<String, Double>> weights) {
    }

    private static List<Receipt> read(Path file) throws Exception {
        List<Receipt> receipts = new ArrayList<>();
        try (BufferedReader reader = Files.newBufferedReader(file)) {
            for (String text = reader.readLine(); text != null; text = reader.readLine()) {
                JsonNode line = JSON.readTree(text);
                List<List<TextLine>> rows = new ArrayList<>();
                line.get("rows").forEach(pass -> {
                    List<TextLine> passRows = new ArrayList<>();
                    pass.forEach(row -> passRows.add(row(row)));
                    rows.add(passRows);
                });
                // today's weights: the PP-OCR pass is the one the dump's engine weighted
                List<Map<String, Double>> weights = new ArrayList<>();
                line.get("weights").forEach(w -> weights.add(w.isEmpty() ? Map.of() : PassVote.PPOCR_WEIGHTS));
                receipts.add(new Receipt(line.get("id").asText(), line.path("ms").asLong(), line.get("expected"), rows, weights));
            }
        }
        return receipts;
    }

    private static List<ReceiptParser.Parsed> parse(ReceiptParser parser, Receipt receipt) {
        return receipt.rows().stream().map(parser::parse).toList();
    }

    /**
     * Each pass's four scored fields with their confidence and whether each is right, one JSON line per receipt,
     * for comparing ways of combining passes ({@code bench/ocr-votes.py}).
     */
    private static void passes(OfflineSettings settings, Path file, Path out) throws Exception {
        ReceiptParser parser = new ReceiptParser(settings.lineJoin(), settings.labels());
        try (PrintStream lines = new PrintStream(Files.newOutputStream(out), true, StandardCharsets.UTF_8)) {
            for (Receipt receipt : read(file)) {
                ObjectNode line = JSON.createObjectNode().put("id", receipt.id()).put("ms", receipt.ms());
                line.set("expected", receipt.expected());
                ArrayNode passes = line.putArray("passes");
                for (ReceiptParser.Parsed pass : parse(parser, receipt)) {
                    RawFields f = pass.fields();
                    List<String> misses = SroieScorer.misses(SroieFields.labels(receipt.expected()), SroieFields.printed(f));
                    ObjectNode p = passes.addObject();
                    field(p, "company", f.storeName(), pass.confidence().get("store_name"), !misses.contains("company"));
                    field(p, "address", f.storeAddress(), pass.confidence().get("store_address"), !misses.contains("address"));
                    field(p, "date", f.date(), pass.confidence().get("date"), !misses.contains("date"));
                    field(p, "total", f.total(), pass.confidence().get("total"), !misses.contains("total"));
                }
                lines.println(line);
            }
        }
    }

    private static void field(ObjectNode pass, String name, String value, Double confidence, boolean right) {
        pass.putObject(name).put("value", value).put("key", value == null ? null : SroieScorer.normalise(value))
                .put("confidence", confidence == null ? 0 : confidence).put("right", right);
    }

    /** Each receipt rendered as {@code eval} and {@code run} render it, then read by the engine; its rows stored. */
    private static void dump(ConfigSource config, OfflineSettings settings, Path dataset, Path out, int limit) throws Exception {
        SroieDataset receipts = SroieDataset.open(dataset);
        Path pages = Files.createTempDirectory("ledgerlens-dump-");
        try (OfflineExtractor extractor = OfflineExtractor.create(settings);
             PrintStream lines = new PrintStream(Files.newOutputStream(out), true, StandardCharsets.UTF_8)) {
            SroieEvaluator evaluator = SroieEvaluator.configured(config, extractor, SroieEvaluator.TextSource.OCR, 1);
            for (String id : receipts.ids(1, limit)) {
                long started = System.nanoTime();
                OfflineExtractor.Reading reading = extractor.read(evaluator.render(receipts, id, pages.resolve(id)));
                ObjectNode line = JSON.createObjectNode().put("id", id).put("ms", (System.nanoTime() - started) / 1_000_000);
                line.set("expected", receipts.labels(id));
                line.set("weights", JSON.valueToTree(reading.passes().stream().map(OfflineExtractor.Pass::weights).toList()));
                ArrayNode passes = line.putArray("rows");
                for (OfflineExtractor.Pass pass : reading.passes()) {
                    ArrayNode rows = passes.addArray();
                    pass.rows().forEach(row -> rows.add(JSON.valueToTree(row)));
                }
                lines.println(line);
                System.err.println(id);
            }
        } finally {
            try (java.util.stream.Stream<Path> files = Files.walk(pages)) {
                for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }

    private static void replay(OfflineSettings settings, Path file, String listField) throws Exception {
        ReceiptParser parser = new ReceiptParser(settings.lineJoin(), settings.labels());
        PassVote vote = new PassVote(settings.minConfidence());
        Map<String, Integer> right = new LinkedHashMap<>();
        SroieScorer.FIELDS.forEach(field -> right.put(field, 0));
        List<String> misses = new ArrayList<>();
        List<Receipt> receipts = read(file);
        for (Receipt receipt : receipts) {
            RawFields fields = vote.decide(parse(parser, receipt), receipt.weights()).fields();
            List<String> wrong = SroieScorer.misses(SroieFields.labels(receipt.expected()), SroieFields.printed(fields));
            Map<String, String> got = Map.of("company", String.valueOf(fields.storeName()),
                    "address", String.valueOf(fields.storeAddress()), "date", String.valueOf(fields.date()),
                    "total", String.valueOf(fields.total()));
            for (String field : SroieScorer.FIELDS) {
                if (!wrong.contains(field)) {
                    right.merge(field, 1, Integer::sum);
                } else if (field.equals(listField)) {
                    misses.add(receipt.id() + "\n  expected " + receipt.expected().path(field).asText() + "\n  got      " + got.get(field));
                }
            }
        }
        misses.forEach(System.out::println);
        int n = receipts.size();
        right.forEach((field, count) -> System.out.printf("%s %.1f%n", field, 100.0 * count / n));
    }

    private static TextLine row(JsonNode row) {
        List<String> cells = new ArrayList<>();
        row.path("cells").forEach(cell -> cells.add(cell.asText()));
        return new TextLine(row.get("text").asText(), row.get("page").asInt(), row.get("top").asInt(),
                row.get("bottom").asInt(), row.get("left").asInt(), row.get("right").asInt(),
                row.get("confidence").asDouble(), cells);
    }

    private OcrRowsReplay() {
    }
}
