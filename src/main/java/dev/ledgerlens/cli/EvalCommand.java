package dev.ledgerlens.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.ledgerlens.app.Engines;
import dev.ledgerlens.app.Settings;
import dev.ledgerlens.config.ConfigSource;
import dev.ledgerlens.eval.MissesReport;
import dev.ledgerlens.eval.SroieDataset;
import dev.ledgerlens.eval.SroieEvaluator;
import dev.ledgerlens.extract.Extractor;
import dev.ledgerlens.validate.ReviewReason;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code ledgerlens eval}: measures the configured engine on folders of labelled receipts laid out like SROIE
 * ({@code img/}, {@code entities/}, {@code box/}) through the path {@code run} takes (render, extract, validate;
 * see {@link SroieEvaluator}), printing per dataset the per-field exact-match accuracy, the H-mean, the seconds per
 * receipt and how the receipts ended (valid, needs review, dead-lettered). Builds its own engine from the
 * configuration, as {@code run} does; no database. A dataset that is not laid out like SROIE, or a FATAL failure,
 * ends the command with exit code 1 and one line saying why (as every command does). One instance per command line
 * (picocli sets its fields); not for sharing between threads.
 */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Measure the configured engine on labelled receipts (SROIE layout: img/, entities/, box/) through the path run takes.")
public class EvalCommand implements Callable<Integer> {

    @Mixin
    CommonOptions common;

    @Option(names = "--dataset", required = true, paramLabel = "DIR",
            description = "Folder with img/<id>.jpg and entities/<id>.json (and box/<id>.txt for --text-source box); repeat for several.")
    List<Path> datasets;

    @Option(names = "--text-source", defaultValue = "ocr",
            description = "ocr: the engine reads the scans; box: the offline engine reads the ground-truth text lines in box/ instead of OCR (measures the field rules alone). Default: ${DEFAULT-VALUE}.")
    String textSource;

    @Option(names = "--json", description = "Print the figures, and every receipt's outcome, as JSON.")
    boolean asJson;

    @Option(names = "--report", description = "Write an HTML page listing every miss with its image, expected and extracted values.")
    Path report;

    @Option(names = "--address-join", defaultValue = "space",
            description = "How address rows are joined: space (the SROIE labels' convention and the engine's default) or comma. Default: ${DEFAULT-VALUE}.")
    String addressJoin;

    @Option(names = "--every", defaultValue = "1", description = "Read every N-th receipt by id, starting with the first (1 = all). Default: ${DEFAULT-VALUE}.")
    int every;

    @Option(names = "--limit", defaultValue = "0", description = "Read only the first N of those receipts (0 = all).")
    int limit;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public EvalCommand() {
    }

    @Override
    public Integer call() throws Exception {
        SroieEvaluator.TextSource source = switch (textSource.toLowerCase(Locale.ROOT)) {
            case "ocr" -> SroieEvaluator.TextSource.OCR;
            case "box" -> SroieEvaluator.TextSource.BOX;
            default -> throw new CommandLine.ParameterException(spec.commandLine(), "--text-source must be ocr or box, was " + textSource);
        };
        if (every < 1 || limit < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--every must be at least 1 and --limit at least 0");
        }
        ConfigSource config = common.config(Map.of("ledgerlens.offline.address-join", addressJoin));
        PrintWriter out = spec.commandLine().getOut();
        List<SroieEvaluator.Report> results = new ArrayList<>();
        Settings settings = Settings.from(config);
        if (source == SroieEvaluator.TextSource.BOX && settings.engine() != Settings.Engine.OFFLINE) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--text-source box replaces the offline engine's OCR; the configured engine is "
                    + settings.engine().name().toLowerCase(Locale.ROOT) + " (set LEDGERLENS_ENGINE=offline)");
        }
        Extractor extractor = Engines.create(settings, config);
        String engine = extractor.name();
        try {
            // one receipt in flight per core: the offline engine's OCR pool is that size
            SroieEvaluator evaluator = SroieEvaluator.configured(config, extractor, source, Runtime.getRuntime().availableProcessors());
            for (Path dataset : datasets) {
                results.add(evaluator.evaluate(SroieDataset.open(dataset), every, limit));
            }
        } finally {
            if (extractor instanceof AutoCloseable closeable) {
                closeable.close();
            }
        }
        String text = source.name().toLowerCase(Locale.ROOT);
        if (asJson) {
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(json(engine, text, results)));
        } else {
            for (SroieEvaluator.Report result : results) {
                print(out, engine, text, result);
            }
        }
        if (report != null) {
            Files.writeString(report, MissesReport.html(results), StandardCharsets.UTF_8);
            out.println("misses written to " + report.toAbsolutePath());
        }
        out.flush();
        return ExitCodes.OK;
    }

    private static void print(PrintWriter out, String engine, String text, SroieEvaluator.Report result) {
        out.printf(Locale.ROOT, "%s: %d receipts (%s engine, text from %s)%n", result.dataset(), result.receipts(), engine, text);
        result.accuracy().forEach((field, value) -> out.printf(Locale.ROOT, "  %-9s %5.1f%%%n", field, value * 100));
        out.printf(Locale.ROOT, "  %-9s %5.1f%%%n", "H-mean", result.hmean() * 100);
        Map<String, Double> spacingFree = result.accuracyIgnoringSpacing();
        out.printf(Locale.ROOT, "  ignoring spacing: company %.1f%%, address %.1f%%%n", spacingFree.get("company") * 100,
                spacingFree.get("address") * 100);
        out.printf(Locale.ROOT, "  s/receipt %.2f%n", result.secondsPerReceipt());
        out.printf(Locale.ROOT, "  valid %d (%.1f%%), needs review %d, dead-lettered %d%n", result.count(SroieEvaluator.Status.VALID),
                result.shareValid() * 100, result.count(SroieEvaluator.Status.NEEDS_REVIEW), result.count(SroieEvaluator.Status.DEAD_LETTERED));
        out.printf(Locale.ROOT, "  valid with a scored field wrong: %d (%.1f%% of valid)%n", result.validWithMiss(), result.silentErrorRate() * 100);
        out.printf(Locale.ROOT, "  silent errors (valid with company, date or total wrong): %d (%.1f%% of valid)%n",
                result.validWithKeyMiss(), result.keySilentErrorRate() * 100);
        out.printf(Locale.ROOT, "  needs review with company, date and total right: %d (%.1f%% of needs review)%n",
                result.reviewRight(), result.shareReviewRight() * 100);
        if (!result.reviewRules().isEmpty()) {
            out.printf(Locale.ROOT, "  review reasons: %s%n", result.reviewRules());
        }
        result.reliability().forEach((field, bins) -> out.printf(Locale.ROOT, "  reliability %-13s %s%n", field,
                bins.stream().map(bin -> String.format(Locale.ROOT, "[%.2f,%.2f) %d: conf %.3f right %.3f", bin.from(),
                        bin.to(), bin.values(), bin.meanConfidence(), bin.right())).collect(java.util.stream.Collectors.joining(" | "))));
        if (!result.deadLetterReasons().isEmpty()) {
            out.printf(Locale.ROOT, "  dead-letter reasons: %s%n", result.deadLetterReasons());
        }
    }

    private static Map<String, Object> json(String engine, String text, List<SroieEvaluator.Report> results) {
        List<Map<String, Object>> datasets = new ArrayList<>();
        for (SroieEvaluator.Report result : results) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("dataset", result.dataset().toString());
            one.put("receipts", result.receipts());
            one.put("accuracy", result.accuracy());
            one.put("hmean", result.hmean());
            one.put("accuracy_ignoring_spacing", result.accuracyIgnoringSpacing());
            one.put("seconds_per_receipt", result.secondsPerReceipt());
            Map<String, Object> status = new LinkedHashMap<>();
            for (SroieEvaluator.Status each : SroieEvaluator.Status.values()) {
                status.put(each.label(), result.count(each));
            }
            one.put("status", status);
            one.put("share_valid", result.shareValid());
            one.put("valid_with_miss", result.validWithMiss());
            one.put("silent_error_rate", result.silentErrorRate());
            one.put("valid_with_key_miss", result.validWithKeyMiss());
            one.put("key_silent_error_rate", result.keySilentErrorRate());
            one.put("needs_review_right", result.reviewRight());
            one.put("share_needs_review_right", result.shareReviewRight());
            one.put("review_reasons", result.reviewRules());
            one.put("reliability", result.reliability());
            one.put("dead_letter_reasons", result.deadLetterReasons());
            List<Map<String, Object>> outcomes = new ArrayList<>();
            for (SroieEvaluator.Outcome outcome : result.outcomes()) {
                Map<String, Object> receipt = new LinkedHashMap<>();
                receipt.put("id", outcome.id());
                receipt.put("status", outcome.status().label());
                receipt.put("misses", outcome.misses());
                receipt.put("review_reasons", outcome.reasons().stream().map(ReviewReason::rule).toList());
                receipt.put("dead_letter", outcome.deadLetter() == null ? null : outcome.deadLetter().name());
                receipt.put("error", outcome.error());
                receipt.put("millis", outcome.millis());
                outcomes.add(receipt);
            }
            one.put("outcomes", outcomes);
            datasets.add(one);
        }
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("engine", engine);
        all.put("text_source", text);
        all.put("datasets", datasets);
        return all;
    }
}
