package dev.ledgerlens.eval;

import dev.ledgerlens.config.ConfigSource;
import dev.ledgerlens.extract.offline.OfflineExtractor;
import dev.ledgerlens.extract.offline.OfflineSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Accuracy regression on the 200 real SROIE receipts in {@code ../shared/data/sroie-train-sample}: fails when a
 * field drops more than 2 points below the figures measured when this engine was tuned (docs/benchmarks.md).
 * Runs the engine with the shipped defaults, as {@code ledgerlens eval} does. Skipped when the data is absent.
 * Takes about 9 minutes on 2 idle cores (Tesseract twice and PP-OCR once per receipt); all 200 receipts, no subset.
 */
class SroieAccuracyIT {
    private static final Path DATASET = Path.of("../shared/data/sroie-train-sample");
    /** Points a field may lose before this test fails: a receipt or two of noise, not a regression. */
    private static final double TOLERANCE = 0.02;

    /** Measured with the shipped OCR (Tesseract modes 4 and 6, PP-OCR) on all 200 receipts (docs/benchmarks.md). */
    private static final Map<String, Double> OCR_BASELINE = Map.of(
            "company", 0.815, "date", 0.96, "address", 0.635, "total", 0.935);
    /** Measured on the ground-truth text lines (box/), i.e. the field rules alone. */
    private static final Map<String, Double> BOX_BASELINE = Map.of(
            "company", 0.945, "date", 1.0, "address", 0.83, "total", 0.97);

    private static OfflineExtractor extractor;

    @BeforeAll
    static void start() {
        Assumptions.assumeTrue(Files.isDirectory(DATASET.resolve("img")),
                "SROIE sample not found at " + DATASET.toAbsolutePath() + "; skipping the accuracy regression");
        OfflineSettings settings = OfflineSettings.from(ConfigSource.load(null, Map.of())
                .with(Map.of("ledgerlens.data-dir", "target/sroie-it", "ledgerlens.offline.address-join", "space")));
        extractor = OfflineExtractor.create(settings);
    }

    @AfterAll
    static void stop() {
        if (extractor != null) {
            extractor.close();
        }
    }

    /** The measured figures in the build log, so that a run shows how far above its baseline each field is. */
    private static void print(String source, SroieEvaluator.Report report) {
        System.out.printf("SROIE %s: %s, %.2f s per receipt%n", source, report.accuracy(), report.secondsPerReceipt());
    }

    @Test
    void fieldRulesKeepTheirAccuracyOnGroundTruthText() {
        SroieEvaluator.Report report = new SroieEvaluator(extractor, SroieEvaluator.TextSource.BOX, 2).evaluate(SroieDataset.open(DATASET), 1, 0);
        print("box", report);

        assertThat(report.receipts()).isEqualTo(200);
        BOX_BASELINE.forEach((field, baseline) -> assertThat(report.accuracy().get(field))
                .as("%s accuracy on box text (baseline %.3f)", field, baseline).isGreaterThanOrEqualTo(baseline - TOLERANCE));
    }

    @Test
    void engineKeepsItsAccuracyOnRealScans() {
        SroieEvaluator.Report report = new SroieEvaluator(extractor, SroieEvaluator.TextSource.OCR, 2).evaluate(SroieDataset.open(DATASET), 1, 0);
        print("ocr", report);

        assertThat(report.receipts()).isEqualTo(200);
        OCR_BASELINE.forEach((field, baseline) -> assertThat(report.accuracy().get(field))
                .as("%s accuracy with OCR (baseline %.3f)", field, baseline).isGreaterThanOrEqualTo(baseline - TOLERANCE));
        // The budget is 3 s per receipt on 2 cores; twice that even on a busy machine means a step went quadratic.
        assertThat(report.secondsPerReceipt()).as("seconds per receipt").isLessThan(6.0);
    }
}
