package dev.ledgerlens.extract.offline;

import dev.ledgerlens.config.ConfigSource;
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
    private static Path dataset;

    private static final String[] FIRST = {
            "CORNER BAKERY LTD", "12 MILL LANE,", "YORK YO1 7HH", "DATE: 03/02/2026", "LOAF 3.20", "TOTAL 3.20"};
    private static final String[] SECOND = {
            "RIVERSIDE CAFE LTD", "8 QUAY STREET,", "BRISTOL BS1 4DJ", "DATE: 11-05-2025", "TEA 2.10", "TOTAL 2.10"};

    @BeforeAll
    static void writeDataset() throws IOException {
        extractor = OfflineExtractor.create(OfflineSettings.from(new ConfigSource(new java.util.Properties(),
                Map.of("LEDGERLENS_DATA_DIR", folder.resolve("data").toString(),
                        "LEDGERLENS_OFFLINE_ADDRESS_JOIN", "space"))));
        dataset = folder.resolve("dataset");
        for (String sub : new String[] {"img", "entities", "box"}) {
            Files.createDirectories(dataset.resolve(sub));
        }
        write("R1", FIRST, "{\"company\":\"CORNER BAKERY LTD\",\"date\":\"03/02/2026\",\"address\":\"12 MILL LANE, YORK YO1 7HH\",\"total\":\"3.20\"}");
        // The second label's total is deliberately not what the receipt prints.
        write("R2", SECOND, "{\"company\":\"Riverside  Cafe Ltd\",\"date\":\"11/05/2025\",\"address\":\"8 QUAY STREET, BRISTOL BS1 4DJ\",\"total\":\"9.99\"}");
    }

    @AfterAll
    static void stop() {
        extractor.close();
    }

    private static void write(String id, String[] lines, String entities) throws IOException {
        ImageIO.write(TesseractOcrTest.draw(lines), "jpg", dataset.resolve("img").resolve(id + ".jpg").toFile());
        Files.writeString(dataset.resolve("entities").resolve(id + ".json"), entities);
        StringBuilder box = new StringBuilder();
        for (int i = 0; i < lines.length; i++) {
            int top = 40 + i * 60;
            box.append("40,").append(top).append(",600,").append(top).append(",600,").append(top + 40).append(",40,")
                    .append(top + 40).append(',').append(lines[i]).append('\n');
        }
        Files.writeString(dataset.resolve("box").resolve(id + ".txt"), box);
    }

    @Test
    void scoresEachFieldAsTheShareOfReceiptsReadRight() {
        SroieEvaluator.Report report = new SroieEvaluator(extractor, SroieEvaluator.TextSource.BOX, 2).evaluate(dataset, 0);

        assertThat(report.receipts()).isEqualTo(2);
        assertThat(report.accuracy()).containsEntry("company", 1.0).containsEntry("date", 1.0)
                .containsEntry("address", 1.0).containsEntry("total", 0.5);
        assertThat(report.hmean()).isCloseTo(4 / (1 + 1 + 1 + 2.0), within(1e-9));
        assertThat(report.outcomes()).filteredOn(outcome -> !outcome.misses().isEmpty())
                .singleElement().satisfies(outcome -> {
                    assertThat(outcome.id()).isEqualTo("R2");
                    assertThat(outcome.misses()).containsExactly("total");
                });
        assertThat(SroieEvaluator.html(report)).contains("R2").contains("9.99").contains("2.10").doesNotContain("<b>R1</b>");
    }

    @Test
    void readsTheImagesWithOcr() {
        SroieEvaluator.Report report = new SroieEvaluator(extractor, SroieEvaluator.TextSource.OCR, 1).evaluate(dataset, 1);

        assertThat(report.receipts()).isEqualTo(1);
        assertThat(report.accuracy()).containsEntry("company", 1.0).containsEntry("date", 1.0).containsEntry("total", 1.0);
        assertThat(report.secondsPerReceipt()).isPositive();
    }

    @Test
    void comparesDatesAsDaysAndTotalsAsDecimals() {
        assertThat(SroieEvaluator.sameDate("15/01/2019", "15-01-19")).isTrue();
        assertThat(SroieEvaluator.sameDate("15/01/2019", "16/01/2019")).isFalse();
        assertThat(SroieEvaluator.sameAmount("RM 9.00", "9.00")).isTrue();
        assertThat(SroieEvaluator.sameAmount("193.00", "193")).isTrue();
        assertThat(SroieEvaluator.sameAmount("9.00", null)).isFalse();
        assertThat(SroieEvaluator.sameText("A  B", "a b")).isTrue();
    }
}
