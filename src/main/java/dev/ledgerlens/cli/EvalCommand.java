package dev.ledgerlens.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.ledgerlens.eval.MissesReport;
import dev.ledgerlens.eval.SroieDataset;
import dev.ledgerlens.eval.SroieEvaluator;
import dev.ledgerlens.extract.offline.OfflineExtractor;
import dev.ledgerlens.extract.offline.OfflineSettings;
import dev.ledgerlens.failure.LedgerlensException;
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
 * {@code ledgerlens eval}: measures the offline engine on folders of labelled receipts laid out like SROIE
 * ({@code img/}, {@code entities/}, {@code box/}), printing per dataset the per-field exact-match accuracy, the
 * H-mean and the seconds per receipt. Builds its own engine from the configuration; the work is done by
 * {@link SroieEvaluator}. One instance per command line (picocli sets its fields); not for sharing between threads.
 */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Measure the offline engine on labelled receipts (SROIE layout: img/, entities/, box/).")
public class EvalCommand implements Callable<Integer> {

    @Mixin
    CommonOptions common;

    @Option(names = "--dataset", required = true, paramLabel = "DIR",
            description = "Folder with img/<id>.jpg and entities/<id>.json (and box/<id>.txt for --text-source box); repeat for several.")
    List<Path> datasets;

    @Option(names = "--text-source", defaultValue = "ocr",
            description = "ocr: read the images with Tesseract; box: use the ground-truth text lines in box/ (measures the field rules alone). Default: ${DEFAULT-VALUE}.")
    String textSource;

    @Option(names = "--json", description = "Print the figures as JSON.")
    boolean asJson;

    @Option(names = "--report", description = "Write an HTML page listing every miss with its image, expected and extracted values.")
    Path report;

    @Option(names = "--address-join", defaultValue = "space",
            description = "How address rows are joined: space (the SROIE labels' convention) or comma (the engine's default). Default: ${DEFAULT-VALUE}.")
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
        OfflineSettings settings = OfflineSettings.from(common.config(Map.of("ledgerlens.offline.address-join", addressJoin)));
        PrintWriter out = spec.commandLine().getOut();
        List<SroieEvaluator.Report> results = new ArrayList<>();
        try (OfflineExtractor extractor = OfflineExtractor.create(settings)) {
            SroieEvaluator evaluator = new SroieEvaluator(extractor, source, settings.ocrThreads());
            for (Path dataset : datasets) {
                results.add(evaluator.evaluate(SroieDataset.open(dataset), every, limit));
            }
        } catch (LedgerlensException e) {
            spec.commandLine().getErr().println("eval: " + e.getMessage());
            return ExitCodes.FATAL;
        }
        String text = source.name().toLowerCase(Locale.ROOT);
        if (asJson) {
            List<Map<String, Object>> figures = new ArrayList<>();
            for (SroieEvaluator.Report result : results) {
                Map<String, Object> one = new LinkedHashMap<>();
                one.put("dataset", result.dataset().toString());
                one.put("receipts", result.receipts());
                one.put("accuracy", result.accuracy());
                one.put("hmean", result.hmean());
                one.put("seconds_per_receipt", result.secondsPerReceipt());
                figures.add(one);
            }
            Map<String, Object> all = new LinkedHashMap<>();
            all.put("text_source", text);
            all.put("datasets", figures);
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(all));
        } else {
            for (SroieEvaluator.Report result : results) {
                out.printf(Locale.ROOT, "%s: %d receipts (text from %s)%n", result.dataset(), result.receipts(), text);
                result.accuracy().forEach((field, value) -> out.printf(Locale.ROOT, "  %-9s %5.1f%%%n", field, value * 100));
                out.printf(Locale.ROOT, "  %-9s %5.1f%%%n", "H-mean", result.hmean() * 100);
                out.printf(Locale.ROOT, "  s/receipt %.2f%n", result.secondsPerReceipt());
            }
        }
        if (report != null) {
            Files.writeString(report, MissesReport.html(results), StandardCharsets.UTF_8);
            out.println("misses written to " + report.toAbsolutePath());
        }
        out.flush();
        return 0;
    }
}
