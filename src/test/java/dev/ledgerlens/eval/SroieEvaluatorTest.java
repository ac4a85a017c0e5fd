package dev.ledgerlens.eval;

import dev.ledgerlens.config.ConfigSource;
import dev.ledgerlens.extract.RawFields;
import dev.ledgerlens.extract.offline.OfflineExtractor;
import dev.ledgerlens.extract.offline.OfflineSettings;
import dev.ledgerlens.failure.FailureReason;
import dev.ledgerlens.failure.LedgerlensException;
import dev.ledgerlens.testing.ReceiptImage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The evaluation on small datasets laid out like SROIE, written by the test, through render, extract and validate. */
class SroieEvaluatorTest {
    @TempDir
    static Path folder;
    private static ConfigSource config;
    private static OfflineExtractor extractor;
    private static SroieDataset dataset;
    private static SroieDataset photos;

    private static final String[] FIRST = {
            "CORNER BAKERY LTD", "12 MILL LANE,", "YORK YO1 7HH", "DATE: 23/02/2026", "LOAF 3.20", "TOTAL 3.20"};
    private static final String[] SECOND = {
            "RIVERSIDE CAFE LTD", "8 QUAY STREET,", "BRISTOL BS1 4DJ", "DATE: 21-05-2025", "TEA 2.10", "TOTAL 2.10"};
    /** No date anywhere: run dead-letters it (a record needs a date). */
    private static final String[] UNDATED = {
            "HARBOUR DELI LTD", "3 DOCK ROAD,", "HULL HU1 1AA", "SOUP 4.00", "TOTAL 4.00"};
    /** The items add up to 4.10, the total says 9.00: stored, for review. */
    private static final String[] UNBALANCED = {
            "GREEN GROCER LTD", "5 MARKET STREET,", "LEEDS LS1 6AA", "DATE: 14/03/2026", "APPLES 2.00", "PEARS 2.10", "SUBTOTAL 4.10", "TOTAL 9.00"};

    @BeforeAll
    static void writeDatasets() throws IOException {
        config = new ConfigSource(new Properties(), Map.of("LEDGERLENS_DATA_DIR", folder.resolve("data").toString(),
                "LEDGERLENS_OFFLINE_ADDRESS_JOIN", "space"));
        extractor = OfflineExtractor.create(OfflineSettings.from(config));
        dataset = SroieDataset.open(layout(folder.resolve("dataset")));
        write("R1", FIRST, "{\"company\":\"CORNER BAKERY LTD\",\"date\":\"23/02/2026\",\"address\":\"12 MILL LANE, YORK YO1 7HH\",\"total\":\"3.20\"}");
        // The second label's total is deliberately not what the receipt prints.
        write("R2", SECOND, "{\"company\":\"Riverside  Cafe Ltd\",\"date\":\"21/05/2025\",\"address\":\"8 QUAY STREET, BRISTOL BS1 4DJ\",\"total\":\"9.99\"}");
        write("R3", UNDATED, "{\"company\":\"HARBOUR DELI LTD\",\"date\":\"01/02/2026\",\"address\":\"3 DOCK ROAD, HULL HU1 1AA\",\"total\":\"4.00\"}");
        write("R4", UNBALANCED, "{\"company\":\"GREEN GROCER LTD\",\"date\":\"14/03/2026\",\"address\":\"5 MARKET STREET, LEEDS LS1 6AA\",\"total\":\"9.00\"}");

        // A phone photo stored sideways with EXIF orientation 6, as the project's sample receipt is.
        photos = SroieDataset.open(layout(folder.resolve("photos")));
        Files.copy(Path.of("sample-inputs/receipt-usd-pharmacy-exif-rotated.jpg"), photos.image("P1"));
        Files.writeString(photos.folder().resolve("entities/P1.json"),
                "{\"company\":\"CORNER PHARMACY\",\"date\":\"19/11/2026\",\"address\":\"1500 Oak Avenue, Austin, TX 78701\",\"total\":\"24.65\"}");
    }

    @AfterAll
    static void stop() {
        extractor.close();
    }

    private static Path layout(Path root) throws IOException {
        for (String sub : new String[] {"img", "entities", "box"}) {
            Files.createDirectories(root.resolve(sub));
        }
        return root;
    }

    private static void write(String id, String[] lines, String entities) throws IOException {
        Path root = dataset.folder();
        ImageIO.write(ReceiptImage.draw(lines), "jpg", root.resolve("img").resolve(id + ".jpg").toFile());
        Files.writeString(root.resolve("entities").resolve(id + ".json"), entities);
        StringBuilder box = new StringBuilder();
        for (int i = 0; i < lines.length; i++) {
            int top = 40 + i * 60;
            box.append("40,").append(top).append(",600,").append(top).append(",600,").append(top + 40).append(",40,")
                    .append(top + 40).append(',').append(lines[i]).append('\n');
        }
        Files.writeString(root.resolve("box").resolve(id + ".txt"), box);
    }

    private static SroieEvaluator evaluator(SroieEvaluator.TextSource source) {
        return SroieEvaluator.configured(config, extractor, source, 2);
    }

    @Test
    void scoresTheValidatedRecordAndKeepsHowEachReceiptEnded() {
        SroieEvaluator.Report report = evaluator(SroieEvaluator.TextSource.BOX).evaluate(dataset, 1, 0);

        assertThat(report.receipts()).isEqualTo(4);
        assertThat(report.outcomes()).as("%s", report.outcomes()).extracting(SroieEvaluator.Outcome::id, SroieEvaluator.Outcome::status)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("R1", SroieEvaluator.Status.VALID),
                        org.assertj.core.groups.Tuple.tuple("R2", SroieEvaluator.Status.VALID),
                        org.assertj.core.groups.Tuple.tuple("R3", SroieEvaluator.Status.DEAD_LETTERED),
                        org.assertj.core.groups.Tuple.tuple("R4", SroieEvaluator.Status.NEEDS_REVIEW));
        SroieEvaluator.Outcome undated = report.outcomes().get(2);
        assertThat(undated.deadLetter()).isEqualTo(FailureReason.VALIDATION_FAILED);
        assertThat(undated.misses()).as("no record: nothing of it reaches the books").containsExactly("company", "date", "address", "total");
        assertThat(undated.extracted().storeName()).as("what the engine read is kept for the report").isEqualTo("HARBOUR DELI LTD");
        assertThat(report.outcomes().get(3).reasons()).isNotEmpty();
        assertThat(report.outcomes().get(1).misses()).containsExactly("total");

        assertThat(report.accuracy()).containsEntry("company", 0.75).containsEntry("date", 0.75)
                .containsEntry("address", 0.75).containsEntry("total", 0.5);
        assertThat(report.hmean()).isCloseTo(4 / (3 * (1 / 0.75) + 2.0), within(1e-9));
        assertThat(report.shareValid()).isEqualTo(0.5);
        assertThat(report.validWithMiss()).as("R2: valid, with its total wrong").isEqualTo(1);
        assertThat(report.validWithKeyMiss()).as("R2's total is a key field").isEqualTo(1);
        assertThat(report.keySilentErrorRate()).isEqualTo(0.5);
        assertThat(report.reviewRight()).as("R4: sent to review for its arithmetic, its key fields right").isEqualTo(1);
        assertThat(report.shareReviewRight()).isEqualTo(1.0);
        assertThat(report.deadLetterReasons()).containsExactly(Map.entry("VALIDATION_FAILED", 1L));
        assertThat(MissesReport.html(List.of(report))).contains("R2").contains("9.99").contains("2.10")
                .contains("VALIDATION_FAILED").contains("needs review 1").doesNotContain("<b>R1</b>");
    }

    @Test
    void readsTheImagesWithOcr() {
        SroieEvaluator.Report report = evaluator(SroieEvaluator.TextSource.OCR).evaluate(dataset, 1, 1);

        assertThat(report.receipts()).isEqualTo(1);
        assertThat(report.accuracy()).containsEntry("company", 1.0).containsEntry("date", 1.0).containsEntry("total", 1.0);
        assertThat(report.secondsPerReceipt()).isPositive();
    }

    @Test
    void rendersEachScanAsRunDoesTurningAPhotoByItsExifOrientation() {
        SroieEvaluator.Report report = evaluator(SroieEvaluator.TextSource.OCR).evaluate(photos, 1, 0);

        assertThat(report.outcomes()).singleElement().satisfies(outcome -> {
            assertThat(outcome.status()).isEqualTo(SroieEvaluator.Status.VALID);
            assertThat(outcome.misses()).doesNotContain("company", "date", "total");
        });
    }

    @Test
    void aFatalFailureStopsTheEvaluation() {
        // box text asked for, none in the dataset: a configuration error, which stops run as well
        assertThatThrownBy(() -> evaluator(SroieEvaluator.TextSource.BOX).evaluate(photos, 1, 0))
                .isInstanceOfSatisfying(LedgerlensException.class,
                        failure -> assertThat(failure.reason()).isEqualTo(FailureReason.CONFIGURATION_INVALID));
    }

    @Test
    void selectsEveryNthReceiptThenTheFirstFew() {
        assertThat(dataset.ids(1, 0)).containsExactly("R1", "R2", "R3", "R4");
        assertThat(dataset.ids(2, 0)).containsExactly("R1", "R3");
        assertThat(dataset.ids(2, 1)).containsExactly("R1");
    }

    @Test
    void comparesDatesAsDaysTotalsAsDecimalsAndTextWordForWord() {
        SroieFields labels = SroieFields.printed(new RawFields(null, "A  B", "12 MILL LANE", "15/01/2019", null, null,
                null, null, null, null, "RM 9.00", null, null, null, null, null, null, null, null));

        assertThat(SroieScorer.misses(labels, read("a b", " 12 Mill\nLane", "15-01-19", "9.00")))
                .as("case and the kind and length of whitespace do not count").isEmpty();
        assertThat(SroieScorer.misses(labels, read("AB", "12MILLLANE", "16/01/2019", "9")))
                .as("words run together are not the label's").containsExactly("company", "date", "address");
        assertThat(SroieScorer.missesIgnoringSpacing(labels, read("AB", "12MILLLANE", "16/01/2019", "9")))
                .as("unless spacing is ignored").containsExactly("date");
        assertThat(SroieScorer.misses(labels, read("A B C", "12 MILL LANE", "15/01/2019", null))).containsExactly("company", "total");
        assertThat(SroieScorer.misses(labels, null)).as("nothing read").containsExactly("company", "date", "address", "total");
        assertThat(SroieScorer.misses(SroieFields.labels(new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode()),
                read("A B", "12 MILL LANE", "15/01/2019", "9.00"))).as("an empty label is never matched").hasSize(4);
    }

    private static SroieFields read(String company, String address, String date, String total) {
        return SroieFields.printed(new RawFields(null, company, address, date, null, null,
                null, null, null, null, total, null, null, null, null, null, null, null, null));
    }

    @Test
    void theReliabilityTableSaysHowOftenValuesAtEachConfidenceWereRight() {
        List<SroieEvaluator.Outcome> outcomes = List.of(
                outcome("A", List.of(), Map.of("total", 0.97, "date", 0.96)),
                outcome("B", List.of("total"), Map.of("total", 0.96, "date", 0.97)),
                outcome("C", List.of(), Map.of("total", 0.60)),
                outcome("D", List.of(), Map.of()));
        SroieEvaluator.Report report = new SroieEvaluator.Report(Path.of("set"), 4, Map.of(), 0, 0, outcomes);

        Map<String, List<SroieEvaluator.ReliabilityBin>> table = report.reliability();

        assertThat(table).containsOnlyKeys("date", "total");
        assertThat(table.get("total")).extracting(SroieEvaluator.ReliabilityBin::from, SroieEvaluator.ReliabilityBin::values,
                SroieEvaluator.ReliabilityBin::right).containsExactly(org.assertj.core.groups.Tuple.tuple(0.5, 1, 1.0),
                org.assertj.core.groups.Tuple.tuple(0.95, 2, 0.5));
        assertThat(table.get("date")).singleElement().satisfies(bin -> assertThat(bin.right()).isEqualTo(1.0));
    }

    private static SroieEvaluator.Outcome outcome(String id, List<String> misses, Map<String, Double> confidence) {
        return new SroieEvaluator.Outcome(id, Path.of(id + ".jpg"), null, null, null, SroieEvaluator.Status.VALID, List.of(),
                null, null, misses, 1, confidence);
    }
}
