package dev.ledgerlens.eval;

import dev.ledgerlens.config.ConfigSource;
import dev.ledgerlens.extract.RawFields;
import dev.ledgerlens.extract.offline.OfflineExtractor;
import dev.ledgerlens.extract.offline.OfflineSettings;
import dev.ledgerlens.testing.ReceiptImage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The evaluation on a two-receipt dataset laid out like SROIE, written by the test. */
class SroieEvaluatorTest {
    @TempDir
    static Path folder;
    private static OfflineExtractor extractor;
    private static SroieDataset dataset;

    private static final String[] FIRST = {
            "CORNER BAKERY LTD", "12 MILL LANE,", "YORK YO1 7HH", "DATE: 03/02/2026", "LOAF 3.20", "TOTAL 3.20"};
    private static final String[] SECOND = {
            "RIVERSIDE CAFE LTD", "8 QUAY STREET,", "BRISTOL BS1 4DJ", "DATE: 11-05-2025", "TEA 2.10", "TOTAL 2.10"};

    @BeforeAll
    static void writeDataset() throws IOException {
        extractor = OfflineExtractor.create(OfflineSettings.from(new ConfigSource(new java.util.Properties(),
                Map.of("LEDGERLENS_DATA_DIR", folder.resolve("data").toString(),
                        "LEDGERLENS_OFFLINE_ADDRESS_JOIN", "space"))));
        Path root = folder.resolve("dataset");
        for (String sub : new String[] {"img", "entities", "box"}) {
            Files.createDirectories(root.resolve(sub));
        }
        dataset = SroieDataset.open(root);
        write("R1", FIRST, "{\"company\":\"CORNER BAKERY LTD\",\"date\":\"03/02/2026\",\"address\":\"12 MILL LANE, YORK YO1 7HH\",\"total\":\"3.20\"}");
        // The second label's total is deliberately not what the receipt prints.
        write("R2", SECOND, "{\"company\":\"Riverside  Cafe Ltd\",\"date\":\"11/05/2025\",\"address\":\"8 QUAY STREET, BRISTOL BS1 4DJ\",\"total\":\"9.99\"}");
    }

    @AfterAll
    static void stop() {
        extractor.close();
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

    @Test
    void scoresEachFieldAsTheShareOfReceiptsReadRight() {
        SroieEvaluator.Report report = new SroieEvaluator(extractor, SroieEvaluator.TextSource.BOX, 2).evaluate(dataset, 1, 0);

        assertThat(report.receipts()).isEqualTo(2);
        assertThat(report.accuracy()).containsEntry("company", 1.0).containsEntry("date", 1.0)
                .containsEntry("address", 1.0).containsEntry("total", 0.5);
        assertThat(report.hmean()).isCloseTo(4 / (1 + 1 + 1 + 2.0), within(1e-9));
        assertThat(report.outcomes()).filteredOn(outcome -> !outcome.misses().isEmpty())
                .singleElement().satisfies(outcome -> {
                    assertThat(outcome.id()).isEqualTo("R2");
                    assertThat(outcome.misses()).containsExactly("total");
                });
        assertThat(MissesReport.html(java.util.List.of(report))).contains("R2").contains("9.99").contains("2.10").doesNotContain("<b>R1</b>");
    }

    @Test
    void readsTheImagesWithOcr() {
        SroieEvaluator.Report report = new SroieEvaluator(extractor, SroieEvaluator.TextSource.OCR, 1).evaluate(dataset, 1, 1);

        assertThat(report.receipts()).isEqualTo(1);
        assertThat(report.accuracy()).containsEntry("company", 1.0).containsEntry("date", 1.0).containsEntry("total", 1.0);
        assertThat(report.secondsPerReceipt()).isPositive();
    }

    @Test
    void comparesDatesAsDaysTotalsAsDecimalsAndTextWithoutSpacing() {
        SroieFields labels = SroieFields.printed(new RawFields(null, "A  B", "12 MILL LANE", "15/01/2019", null, null,
                null, null, null, null, "RM 9.00", null, null, null, null, null, null, null, null));

        assertThat(SroieScorer.misses(labels, read("a b", "12 Mill Lane", "15-01-19", "9.00"))).isEmpty();
        assertThat(SroieScorer.misses(labels, read("A B", "12MILLLANE", "16/01/2019", "9"))).containsExactly("date");
        assertThat(SroieScorer.misses(labels, read("A B C", "12 MILL LANE", "15/01/2019", null))).containsExactly("company", "total");
        assertThat(SroieScorer.misses(labels, null)).as("nothing read").containsExactly("company", "date", "address", "total");
        assertThat(SroieScorer.misses(SroieFields.labels(new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode()),
                read("A B", "12 MILL LANE", "15/01/2019", "9.00"))).as("an empty label is never matched").hasSize(4);
    }

    private static SroieFields read(String company, String address, String date, String total) {
        return SroieFields.printed(new RawFields(null, company, address, date, null, null,
                null, null, null, null, total, null, null, null, null, null, null, null, null));
    }
}
