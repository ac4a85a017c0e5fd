package dev.ledgerlens.eval;

import dev.ledgerlens.app.Engines;
import dev.ledgerlens.app.Settings;
import dev.ledgerlens.config.ConfigSource;
import dev.ledgerlens.extract.Extractor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Accuracy regression of the offline engine on real SROIE receipts, measured as {@code ledgerlens eval} measures:
 * through the path {@code run} takes ({@link SroieEvaluator}: render, engine, validation; the validated record
 * scored). Fails when a field, or the share of receipts stored as valid, drops more than 2 points below the figures
 * in docs/benchmarks.md. Each dataset is skipped when it is absent.
 *
 * <p>Box text (the ground-truth text lines: the field rules and validation alone, under a tenth of a second a receipt)
 * runs on all 200 receipts of both sets. OCR costs about 2.5 s a receipt on 2 idle cores (Tesseract twice and PP-OCR
 * once), so 400 receipts would take about 17 minutes, most of the build's 20-minute budget. The build therefore reads
 * every 4th receipt by id of each set with OCR (the 1st, 5th, 9th…: the same 50 on every run, spread over the whole id
 * range rather than the first 50 of one batch), about 4 minutes. {@code -Dledgerlens.sroie.ocr-every=1} reads every
 * receipt and holds the whole-set figures of docs/benchmarks.md ({@code ledgerlens eval} without {@code --every}).
 *
 * <ul>
 *   <li>{@code ../shared/data/sroie-train-sample}: the 200 receipts the rules were tuned on.</li>
 *   <li>{@code ../shared/data/sroie-train-check}: 200 receipts the rules were never tuned on.</li>
 * </ul>
  */
class SroieAccuracyIT {
    private static final Path SAMPLE = Path.of("../shared/data/sroie-train-sample");
    private static final Path CHECK = Path.of("../shared/data/sroie-train-check");
    /** OCR reads every n-th receipt of each set: see the class comment for why. */
    private static final int OCR_EVERY = Integer.getInteger("ledgerlens.sroie.ocr-every", 4);
    /** Points a figure may lose before this test fails: a receipt or two of slack, not a regression. */
    private static final double TOLERANCE = 0.02;

    /**
     * Each baseline: company, date, address, total, the share stored as valid, and how many valid records had a key
     * field (company, date, total) wrong, the silent errors; measured with the commands in docs/benchmarks.md
     * ("Word spacing and the address join": the box-text figures there, the OCR figures under "Dates"). Company and address are scored word for word, spacing included
     * ({@link SroieScorer}), as the SROIE leaderboard scores them.
     */
    private record Baseline(double company, double date, double address, double total, double valid, int silent) {
        Map<String, Double> fields() {
            return Map.of("company", company, "date", date, "address", address, "total", total);
        }
    }

    /** Sample set, OCR (Tesseract modes 4 and 6, PP-OCR), all 200 receipts. */
    private static final Baseline SAMPLE_OCR_ALL = new Baseline(0.84, 0.99, 0.52, 0.97, 0.43, 3);
    /** Sample set, OCR, every 4th receipt by id (50). */
    private static final Baseline SAMPLE_OCR_EVERY_4 = new Baseline(0.82, 1.0, 0.64, 0.98, 0.38, 1);
    /** Sample set, ground-truth text lines (box/): the field rules and validation alone. */
    private static final Baseline SAMPLE_BOX = new Baseline(0.94, 1.0, 0.71, 0.975, 0.645, 6);
    /** Check set, OCR, all 200 receipts. */
    private static final Baseline CHECK_OCR_ALL = new Baseline(0.73, 0.975, 0.38, 0.93, 0.35, 9);
    /** Check set, OCR, every 4th receipt by id (50). */
    private static final Baseline CHECK_OCR_EVERY_4 = new Baseline(0.78, 0.96, 0.34, 0.86, 0.32, 5);
    /** Check set, ground-truth text lines, all 200 receipts. */
    private static final Baseline CHECK_BOX = new Baseline(0.90, 1.0, 0.635, 0.97, 0.68, 12);

    /** The OCR baseline for the receipts this run reads: the whole set, or every 4th. */
    private static Baseline ocrBaseline(Baseline all, Baseline every4) {
        return switch (OCR_EVERY) {
            case 1 -> all;
            case 4 -> every4;
            default -> throw new IllegalArgumentException("ledgerlens.sroie.ocr-every=" + OCR_EVERY
                    + " has no baseline: use 1 (every receipt) or 4 (the build's subset)");
        };
    }

    private static ConfigSource config;
    private static Extractor extractor;

    @BeforeAll
    static void start() {
        Assumptions.assumeTrue(Files.isDirectory(SAMPLE.resolve("img")) || Files.isDirectory(CHECK.resolve("img")),
                "no SROIE data at " + SAMPLE.toAbsolutePath() + " or " + CHECK.toAbsolutePath() + "; skipping the accuracy regression");
        // the shipped defaults, as `ledgerlens eval` runs them; never the OpenAI engine, whatever the environment holds
        config = ConfigSource.load(null, Map.of()).with(Map.of("ledgerlens.data-dir", "target/sroie-it",
                "ledgerlens.offline.address-join", "space", "ledgerlens.engine", "offline"));
        extractor = Engines.create(Settings.from(config), config);
    }

    @AfterAll
    static void stop() throws Exception {
        if (extractor instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }

    private static SroieEvaluator.Report evaluate(Path dataset, SroieEvaluator.TextSource source, int every) {
        Assumptions.assumeTrue(Files.isDirectory(dataset.resolve("img")), dataset.toAbsolutePath() + " not found; skipped");
        SroieEvaluator.Report report = SroieEvaluator.configured(config, extractor, source, 2)
                .evaluate(SroieDataset.open(dataset), every, 0);
        // the measured figures in the build log, so that a run shows how far above its baseline each one is
        System.out.printf("SROIE %s %s (every %d): %s, valid %.3f, key field wrong among valid %d, %.2f s per receipt%n",
                dataset.getFileName(), source, every, report.accuracy(), report.shareValid(), report.validWithKeyMiss(),
                report.secondsPerReceipt());
        return report;
    }

    private static void holds(SroieEvaluator.Report report, Baseline baseline, String what) {
        baseline.fields().forEach((field, value) -> assertThat(report.accuracy().get(field))
                .as("%s accuracy, %s (baseline %.3f)", field, what, value).isGreaterThanOrEqualTo(value - TOLERANCE));
        assertThat(report.shareValid()).as("share stored as valid, %s (baseline %.3f)", what, baseline.valid())
                .isGreaterThanOrEqualTo(baseline.valid() - TOLERANCE);
        // trust: no more valid records with a key field wrong than measured, give or take a record per 100 receipts
        assertThat(report.validWithKeyMiss()).as("valid records with a key field wrong, %s (baseline %d)", what, baseline.silent())
                .isLessThanOrEqualTo(baseline.silent() + Math.max(1, report.receipts() / 100));
    }

    @Test
    void fieldRulesKeepTheirAccuracyOnGroundTruthText() {
        SroieEvaluator.Report report = evaluate(SAMPLE, SroieEvaluator.TextSource.BOX, 1);

        assertThat(report.receipts()).isEqualTo(200);
        holds(report, SAMPLE_BOX, "sample, box text");
    }

    @Test
    void engineKeepsItsAccuracyOnRealScans() {
        SroieEvaluator.Report report = evaluate(SAMPLE, SroieEvaluator.TextSource.OCR, OCR_EVERY);

        assertThat(report.receipts()).isEqualTo(200 / OCR_EVERY);
        holds(report, ocrBaseline(SAMPLE_OCR_ALL, SAMPLE_OCR_EVERY_4), "sample, OCR, every " + OCR_EVERY);
        // no time limit: the build runs its tests two at a time, so a wall-clock figure here says more about the
        // neighbour than about the engine; {@code ledgerlens eval} reports the CPU time per receipt (docs/benchmarks.md)
    }

    @Test
    void fieldRulesKeepTheirAccuracyOnGroundTruthTextOfReceiptsTheyWereNotTunedOn() {
        SroieEvaluator.Report report = evaluate(CHECK, SroieEvaluator.TextSource.BOX, 1);

        assertThat(report.receipts()).isEqualTo(200);
        holds(report, CHECK_BOX, "check, box text");
    }

    @Test
    void engineKeepsItsAccuracyOnScansItWasNotTunedOn() {
        SroieEvaluator.Report report = evaluate(CHECK, SroieEvaluator.TextSource.OCR, OCR_EVERY);

        assertThat(report.receipts()).isEqualTo(200 / OCR_EVERY);
        holds(report, ocrBaseline(CHECK_OCR_ALL, CHECK_OCR_EVERY_4), "check, OCR, every " + OCR_EVERY);
    }
}
