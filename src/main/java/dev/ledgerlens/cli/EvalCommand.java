package dev.ledgerlens.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.ledgerlens.config.ConfigSource;
import dev.ledgerlens.extract.offline.OfflineExtractor;
import dev.ledgerlens.extract.offline.OfflineSettings;
import dev.ledgerlens.extract.offline.SroieEvaluator;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code ledgerlens eval}: measures the offline engine on a folder of labelled receipts laid out like SROIE
 * ({@code img/}, {@code entities/}, {@code box/}), printing per-field exact-match accuracy, the H-mean and the
 * seconds per receipt. Builds its own engine from the configuration; the work is done by {@link SroieEvaluator}.
 * One instance per command line (picocli sets its fields); not for sharing between threads.
 */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Measure the offline engine on labelled receipts (SROIE layout: img/, entities/, box/).")
public class EvalCommand implements Callable<Integer> {

    @Option(names = "--dataset", required = true, description = "Folder with img/<id>.jpg and entities/<id>.json (and box/<id>.txt for --text-source box).")
    Path dataset;

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

    @Option(names = "--limit", defaultValue = "0", description = "Read only the first N receipts by id (0 = all).")
    int limit;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public EvalCommand() {
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new EvalCommand()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        SroieEvaluator.TextSource source = switch (textSource.toLowerCase(Locale.ROOT)) {
            case "ocr" -> SroieEvaluator.TextSource.OCR;
            case "box" -> SroieEvaluator.TextSource.BOX;
            default -> throw new CommandLine.ParameterException(spec.commandLine(), "--text-source must be ocr or box, was " + textSource);
        };
        OfflineSettings settings = OfflineSettings.from(ConfigSource.load(null, System.getenv())
                .with(java.util.Map.of("ledgerlens.offline.address-join", addressJoin)));
        PrintWriter out = spec.commandLine().getOut();
        try (OfflineExtractor extractor = OfflineExtractor.create(settings)) {
            SroieEvaluator.Report result;
            try {
                result = new SroieEvaluator(extractor, source, settings.ocrThreads()).evaluate(dataset, limit);
            } catch (dev.ledgerlens.failure.LedgerlensException e) {
                spec.commandLine().getErr().println("eval: " + e.getMessage());
                return 2;
            }
            if (asJson) {
                Map<String, Object> figures = new LinkedHashMap<>();
                figures.put("receipts", result.receipts());
                figures.put("text_source", source.name().toLowerCase(Locale.ROOT));
                figures.put("accuracy", result.accuracy());
                figures.put("hmean", result.hmean());
                figures.put("seconds_per_receipt", result.secondsPerReceipt());
                out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(figures));
            } else {
                out.printf(Locale.ROOT, "receipts: %d (text from %s)%n", result.receipts(), source.name().toLowerCase(Locale.ROOT));
                result.accuracy().forEach((field, value) -> out.printf(Locale.ROOT, "%-8s %5.1f%%%n", field, value * 100));
                out.printf(Locale.ROOT, "H-mean   %5.1f%%%n", result.hmean() * 100);
                out.printf(Locale.ROOT, "s/receipt %.2f%n", result.secondsPerReceipt());
            }
            if (report != null) {
                Files.writeString(report, SroieEvaluator.html(result), StandardCharsets.UTF_8);
                out.println("misses written to " + report.toAbsolutePath());
            }
            out.flush();
        }
        return 0;
    }
}
