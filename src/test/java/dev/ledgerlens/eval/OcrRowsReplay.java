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
import dev.ledgerlens.extract.Extraction;
import dev.ledgerlens.failure.LedgerlensException;
import dev.ledgerlens.validate.AmountParser;
import dev.ledgerlens.validate.ConfidenceModel;
import dev.ledgerlens.validate.ConfidenceScorer;
import dev.ledgerlens.validate.CurrencyParser;
import dev.ledgerlens.validate.DateParser;
import dev.ledgerlens.validate.Grounder;
import dev.ledgerlens.validate.Normalisation;
import dev.ledgerlens.validate.Normaliser;
import dev.ledgerlens.validate.PageText;
import dev.ledgerlens.validate.Reconciler;
import dev.ledgerlens.validate.RecordStatus;
import dev.ledgerlens.validate.RecordValidator;
import dev.ledgerlens.validate.ReviewReason;
import dev.ledgerlens.validate.ValidatedDocument;
import dev.ledgerlens.validate.ValidationSettings;

import java.io.BufferedReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
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
 *   <li>{@code OcrRowsReplay validate <rows.jsonl> [model.properties]} goes on from the vote as {@code run} does: the
 *       engine's extraction (its fields, evidence and every pass's page text) through the validate stage
 *       ({@link RecordValidator}: normalisation, reconciliation, grounding, calibrated confidence), and prints what
 *       {@code eval} prints for the stored records: accuracy, the share valid, the silent errors, the needs-review
 *       records that were right, the review reasons, and the reliability of the confidences. {@code LIST_SILENT=1}
 *       in the environment lists the valid records with a key field wrong, {@code LIST_REVIEW=1} the needs-review records
 *       with the reasons that sent them there; {@code ROWS_AS_TEXT=1} grounds in each
 *       pass's rows instead of the stored page texts (as for a dump made before page texts were stored).</li>
 *   <li>{@code OcrRowsReplay calibrate <rows.jsonl> <model.properties>} fits the confidence model
 *       ({@link ConfidenceModel}: one logistic regression per scored field over its signals) on the stored receipts'
 *       validated records and writes it, for {@code src/main/resources/dev/ledgerlens/validate/confidence-offline.properties}.
 *       Fit on the tuning set only.</li>
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
            case "validate" -> validate(config, settings, Path.of(args[1]), args.length > 2 ? Path.of(args[2]) : null);
            case "calibrate" -> calibrate(config, settings, Path.of(args[1]), Path.of(args[2]));
            case "features" -> features(config, settings, Path.of(args[1]), Path.of(args[2]));
            default -> throw new IllegalArgumentException("dump, replay, passes, validate or calibrate, not " + args[0]);
        }
    }

    /** The stored receipts: id, expected fields, each pass's rows, the weights the dump's engine gave them, the page texts. */
    private record Receipt(String id, long ms, JsonNode expected, List<List<TextLine>> rows, List<Map<String, Double>> weights,
                           Map<Integer, String> texts) {
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
                Map<Integer, String> texts = new java.util.TreeMap<>();
                line.path("texts").fields().forEachRemaining(entry -> texts.put(Integer.parseInt(entry.getKey()), entry.getValue().asText()));
                if (System.getenv("ROWS_AS_TEXT") != null) {
                    texts.clear(); // as for a dump made before page texts were stored: compare like with like
                }
                if (texts.isEmpty()) {
                    // a dump made before page texts were stored: each pass's rows stand in for its reading of the page
                    for (List<TextLine> pass : rows) {
                        Map<Integer, StringBuilder> reading = new java.util.TreeMap<>();
                        pass.forEach(row -> reading.computeIfAbsent(row.page(), p -> new StringBuilder()).append(row.text()).append('\n'));
                        reading.forEach((page, read) -> texts.merge(page, read.toString(),
                                (earlier, later) -> earlier + OfflineExtractor.READINGS_SEPARATOR + later));
                    }
                }
                receipts.add(new Receipt(line.get("id").asText(), line.path("ms").asLong(), line.get("expected"), rows, weights, texts));
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
                ObjectNode texts = line.putObject("texts");
                reading.ocrText().forEach((page, text) -> texts.put(String.valueOf(page), text));
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
        List<List<String>> wrong = new ArrayList<>();
        List<List<String>> wrongIgnoringSpacing = new ArrayList<>();
        List<String> misses = new ArrayList<>();
        for (Receipt receipt : read(file)) {
            RawFields fields = vote.decide(parse(parser, receipt), receipt.weights(), receipt.rows().stream().map(PassVote::reading).toList()).fields();
            SroieFields expected = SroieFields.labels(receipt.expected());
            List<String> missed = SroieScorer.misses(expected, SroieFields.printed(fields));
            wrong.add(missed);
            wrongIgnoringSpacing.add(SroieScorer.missesIgnoringSpacing(expected, SroieFields.printed(fields)));
            Map<String, String> got = Map.of("company", String.valueOf(fields.storeName()),
                    "address", String.valueOf(fields.storeAddress()), "date", String.valueOf(fields.date()),
                    "total", String.valueOf(fields.total()));
            if (listField != null && missed.contains(listField)) {
                misses.add(receipt.id() + "\n  expected " + receipt.expected().path(listField).asText() + "\n  got      " + got.get(listField));
            }
        }
        misses.forEach(System.out::println);
        SroieScorer.accuracy(wrong).forEach((field, share) -> System.out.printf("%s %.1f%n", field, 100.0 * share));
        Map<String, Double> spacingFree = SroieScorer.accuracy(wrongIgnoringSpacing);
        System.out.printf("ignoring spacing: company %.1f, address %.1f%n", 100.0 * spacingFree.get("company"),
                100.0 * spacingFree.get("address"));
    }

    /** One receipt replayed through the vote and the validate stage. */
    private record Validated(Receipt receipt, ValidatedDocument document, LedgerlensException failure,
                             Map<String, Map<String, Double>> features, List<String> misses) {
    }

    /** The receipts' extractions (the vote's fields, evidence and page texts) through {@code validator}, scored. */
    private static List<Validated> validated(ConfigSource config, OfflineSettings settings, Path file, RecordValidator validator)
            throws Exception {
        ReceiptParser parser = new ReceiptParser(settings.lineJoin(), settings.labels());
        PassVote vote = new PassVote(settings.minConfidence());
        ValidationSettings validation = ValidationSettings.from(config);
        ConfidenceScorer scorer = new ConfidenceScorer(new Grounder(new AmountParser(new CurrencyParser(validation.defaultCurrency())),
                new DateParser()), ConfidenceModel.parse(new java.util.Properties()));
        Normaliser normaliser = new Normaliser(validation);
        Reconciler reconciler = new Reconciler(validation);
        List<Validated> out = new ArrayList<>();
        for (Receipt receipt : read(file)) {
            ReceiptParser.Parsed decided = vote.decide(parse(parser, receipt), receipt.weights(), receipt.rows().stream().map(PassVote::reading).toList());
            Extraction extraction = new Extraction(null, OfflineExtractor.NAME, decided.fields(), decided.confidence(), List.of(),
                    null, receipt.texts(), Map.of(), decided.evidence());
            SroieFields expected = SroieFields.labels(receipt.expected());
            try {
                ValidatedDocument document = validator.validate(extraction);
                List<PageText> pages = PageText.of(extraction);
                Normalisation normalised = normaliser.normalise(extraction.fields(), PageText.joined(pages));
                Map<String, Map<String, Double>> features = scorer.features(extraction, document.record(),
                        normalised.dateBasis(), pages, reconciler.check(document.record()));
                out.add(new Validated(receipt, document, null, features,
                        SroieScorer.misses(expected, SroieFields.of(document.record()))));
            } catch (LedgerlensException failure) {
                out.add(new Validated(receipt, null, failure, Map.of(), SroieScorer.FIELDS));
            }
        }
        return out;
    }

    /** The scored field each confidence field is compared as. */
    private static final Map<String, String> SCORED = Map.of("store_name", "company", "date", "date", "total", "total",
            "store_address", "address");
    private static final List<String> KEY = List.of("company", "date", "total");

    /** What {@code eval} reports, for the replayed receipts; with the reliability of the confidences. */
    private static void validate(ConfigSource config, OfflineSettings settings, Path file, Path model) throws Exception {
        ValidationSettings validation = ValidationSettings.from(config);
        ConfidenceModel confidence = model == null ? ConfidenceModel.offline() : loadModel(model);
        List<Validated> receipts = validated(config, settings, file, new RecordValidator(validation, confidence));
        int n = receipts.size();
        Map<String, Integer> right = new LinkedHashMap<>();
        SroieScorer.FIELDS.forEach(field -> right.put(field, 0));
        int valid = 0;
        int silent = 0;
        int silentAny = 0;
        int silentBooked = 0;
        int review = 0;
        int reviewRight = 0;
        int dead = 0;
        Map<String, Integer> reasons = new java.util.TreeMap<>();
        for (Validated receipt : receipts) {
            receipt.misses().forEach(miss -> right.merge(miss, 0, Integer::sum));
            for (String field : SroieScorer.FIELDS) {
                if (!receipt.misses().contains(field)) {
                    right.merge(field, 1, Integer::sum);
                }
            }
            boolean keyWrong = receipt.misses().stream().anyMatch(KEY::contains);
            boolean bookedWrong = receipt.misses().contains("total") || receipt.misses().contains("date");
            if (receipt.document() == null) {
                dead++;
                continue;
            }
            receipt.document().reasons().forEach(reason -> reasons.merge(reason.rule(), 1, Integer::sum));
            if (receipt.document().status() == RecordStatus.VALID) {
                valid++;
                if (keyWrong && System.getenv("LIST_SILENT") != null) {
                    System.out.println("silent: " + receipt.receipt().id() + " " + receipt.misses() + " expected "
                            + receipt.receipt().expected() + " got " + SroieFields.of(receipt.document().record())
                            + " confidence " + receipt.document().confidence());
                }
                silent += keyWrong ? 1 : 0;
                silentBooked += bookedWrong ? 1 : 0;
                silentAny += receipt.misses().isEmpty() ? 0 : 1;
            } else {
                review++;
                reviewRight += keyWrong ? 0 : 1;
                if (System.getenv("LIST_REVIEW") != null) {
                    System.out.println("review: " + receipt.receipt().id() + " " + (keyWrong ? "wrong" : "right") + " "
                            + receipt.document().reasons().stream().filter(ReviewReason::sendsToReview).map(ReviewReason::rule).sorted().toList()
                            + " misses " + receipt.misses() + " tax " + receipt.document().record().tax() + " total " + receipt.document().record().total() + " confidence " + receipt.document().confidence());
                }
            }
        }
        right.forEach((field, count) -> System.out.printf(Locale.ROOT, "%-8s %5.1f%n", field, 100.0 * count / n));
        System.out.printf(Locale.ROOT, "valid %d (%.1f%%), needs review %d, dead-lettered %d%n", valid, 100.0 * valid / n, review, dead);
        System.out.printf(Locale.ROOT, "silent errors (a key field wrong among valid): %d (%.1f%%); any field wrong: %d%n", silent,
                valid == 0 ? 0 : 100.0 * silent / valid, silentAny);
        System.out.printf(Locale.ROOT, "silent errors in total or date (what a booking rests on): %d (%.1f%%)%n", silentBooked,
                valid == 0 ? 0 : 100.0 * silentBooked / valid);
        System.out.printf(Locale.ROOT, "needs review with every key field right: %d (%.1f%%)%n", reviewRight,
                review == 0 ? 0 : 100.0 * reviewRight / review);
        System.out.println("review reasons: " + reasons);
        reliability(receipts);
    }

    /** Per field, and for the key fields together, how often a value at confidence ≥ c was right. */
    private static void reliability(List<Validated> receipts) {
        double[] cuts = {0.0, 0.5, 0.7, 0.8, 0.9, 0.95, 0.98, 0.99};
        double[] bins = {0.0, 0.5, 0.7, 0.8, 0.9, 0.95, 0.98, 0.99, 1.0001};
        System.out.println("reliability (per bin: n, mean confidence, share right; then share right at confidence >= c)");
        for (String field : ConfidenceScorer.FIELDS) {
            List<double[]> pairs = new ArrayList<>();
            for (Validated receipt : receipts) {
                Double sureness = receipt.document() == null ? null : receipt.document().confidence().get(field);
                if (sureness != null) {
                    pairs.add(new double[]{sureness, receipt.misses().contains(SCORED.get(field)) ? 0 : 1});
                }
            }
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-14s", field));
            for (int b = 0; b + 1 < bins.length; b++) {
                double lo = bins[b];
                double hi = bins[b + 1];
                List<double[]> in = pairs.stream().filter(p -> p[0] >= lo && p[0] < hi).toList();
                line.append(String.format(Locale.ROOT, " [%.2f,%.2f) %3d %.3f %.3f |", lo, Math.min(1, hi), in.size(),
                        in.stream().mapToDouble(p -> p[0]).average().orElse(0), in.stream().mapToDouble(p -> p[1]).average().orElse(0)));
            }
            System.out.println(line);
            StringBuilder atLeast = new StringBuilder(String.format(Locale.ROOT, "%-14s", ""));
            for (double cut : cuts) {
                List<double[]> in = pairs.stream().filter(p -> p[0] >= cut).toList();
                atLeast.append(String.format(Locale.ROOT, " >=%.2f: %3d %.3f |", cut, in.size(),
                        in.stream().mapToDouble(p -> p[1]).average().orElse(0)));
            }
            System.out.println(atLeast);
        }
    }

    /** Each receipt's signals per scored field and whether the field is right, one JSON line per receipt (for study). */
    private static void features(ConfigSource config, OfflineSettings settings, Path file, Path out) throws Exception {
        List<Validated> receipts = validated(config, settings, file,
                new RecordValidator(ValidationSettings.from(config), ConfidenceModel.parse(new java.util.Properties())));
        try (PrintStream lines = new PrintStream(Files.newOutputStream(out), true, StandardCharsets.UTF_8)) {
            for (Validated receipt : receipts) {
                ObjectNode line = JSON.createObjectNode().put("id", receipt.receipt().id());
                line.put("status", receipt.document() == null ? "dead_lettered" : receipt.document().status().label());
                line.set("reasons", JSON.valueToTree(receipt.document() == null ? List.of()
                        : receipt.document().reasons().stream().map(reason -> reason.rule()).toList()));
                line.set("misses", JSON.valueToTree(receipt.misses()));
                ObjectNode fields = line.putObject("fields");
                receipt.features().forEach((field, signals) -> {
                    ObjectNode one = fields.putObject(field);
                    signals.forEach(one::put);
                    one.put("right", receipt.misses().contains(SCORED.get(field)) ? 0 : 1);
                });
                lines.println(line);
            }
        }
    }

    private static ConfidenceModel loadModel(Path file) throws Exception {
        java.util.Properties properties = new java.util.Properties();
        try (var in = Files.newInputStream(file)) {
            properties.load(in);
        }
        return ConfidenceModel.parse(properties);
    }

    /** L2 penalty on the weights (not the intercept): keeps a signal seen on few receipts from a huge weight. */
    private static final double RIDGE = 1.0;

    /**
     * Fits one logistic regression per scored field on the validated records of the stored receipts (a field counts
     * when the record has it; right as {@code eval} scores it) and writes the model.
     */
    private static void calibrate(ConfigSource config, OfflineSettings settings, Path file, Path out) throws Exception {
        List<Validated> receipts = validated(config, settings, file,
                new RecordValidator(ValidationSettings.from(config), ConfidenceModel.parse(new java.util.Properties())));
        StringBuilder model = new StringBuilder("# The offline engine's confidence model: per field, p = 1 / (1 + e^-(intercept + Σ weight × signal)).\n"
                + "# Signals: dev.ledgerlens.validate.ConfidenceScorer#features. Fitted by OcrRowsReplay calibrate (L2 " + RIDGE
                + " on the weights) on " + receipts.size() + " receipts of " + file.getFileName() + "; see docs/validation.md.\n");
        for (String field : ConfidenceScorer.FIELDS) {
            List<Map<String, Double>> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            for (Validated receipt : receipts) {
                Map<String, Double> signals = receipt.features().get(field);
                if (signals != null) {
                    x.add(signals);
                    y.add(receipt.misses().contains(SCORED.get(field)) ? 0.0 : 1.0);
                }
            }
            List<String> names = new ArrayList<>(x.get(0).keySet());
            double[] weights = LogisticFit.fit(x.stream().map(signals -> names.stream().mapToDouble(name -> signals.getOrDefault(name, 0.0)).toArray())
                    .toArray(double[][]::new), y.stream().mapToDouble(Double::doubleValue).toArray(), RIDGE);
            model.append(String.format(Locale.ROOT, "# %s: %d values, %.1f%% right%n", field, y.size(),
                    100 * y.stream().mapToDouble(Double::doubleValue).average().orElse(0)));
            model.append(String.format(Locale.ROOT, "%s.intercept=%.4f%n", field, weights[0]));
            for (int i = 0; i < names.size(); i++) {
                model.append(String.format(Locale.ROOT, "%s.%s=%.4f%n", field, names.get(i), weights[i + 1]));
            }
        }
        Files.writeString(out, model.toString());
        System.out.print(model);
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
