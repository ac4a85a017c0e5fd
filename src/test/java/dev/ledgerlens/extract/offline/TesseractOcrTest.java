package dev.ledgerlens.extract.offline;

import dev.ledgerlens.config.ConfigSource;
import dev.ledgerlens.extract.Extraction;
import dev.ledgerlens.failure.FailureReason;
import dev.ledgerlens.failure.LedgerlensException;
import dev.ledgerlens.ingest.SourceDocument;
import dev.ledgerlens.render.DocumentType;
import dev.ledgerlens.render.RenderedDocument;
import dev.ledgerlens.render.RenderedPage;
import dev.ledgerlens.render.TextLayer;
import dev.ledgerlens.render.Word;
import dev.ledgerlens.testing.ReceiptImage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Real Tesseract on receipts drawn with Java2D. */
class TesseractOcrTest {
    @TempDir
    static Path folder;
    private static OfflineExtractor extractor;
    private static TesseractOcr ocr;

    private static final String[] RECEIPT = {
            "CORNER BAKERY LTD",
            "12 MILL LANE, YORK YO1 7HH",
            "DATE: 03/02/2026 09:15",
            "SOURDOUGH LOAF        3.20",
            "CROISSANT             1.80",
            "TOTAL                 5.00",
            "CASH                 10.00",
            "CHANGE                5.00"};

    @BeforeAll
    static void start() {
        OfflineSettings settings = OfflineSettings.from(new ConfigSource(new java.util.Properties(),
                Map.of("LEDGERLENS_DATA_DIR", folder.resolve("data").toString(), "LEDGERLENS_OFFLINE_OCR_THREADS", "2")));
        extractor = OfflineExtractor.create(settings);
        ocr = new TesseractOcr(settings.tessdataDir(), "eng", 4, 2);
    }

    @AfterAll
    static void stop() {
        extractor.close();
        ocr.close();
    }

    @Test
    void languageDataFillsAUsersFolderButReplacesOnlyTheDataFoldersCopies() throws IOException {
        Path own = Files.createDirectories(folder.resolve("own-tessdata"));
        Files.writeString(own.resolve("eng.traineddata"), "the user's own model");
        TesseractOcr.installLanguageData(own, false);
        assertThat(Files.readString(own.resolve("eng.traineddata"))).isEqualTo("the user's own model");
        assertThat(own.resolve("osd.traineddata")).as("a missing file is filled in").isRegularFile();

        Path shipped = Files.createDirectories(folder.resolve("data-tessdata"));
        Files.writeString(shipped.resolve("eng.traineddata"), "an older copy");
        TesseractOcr.installLanguageData(shipped, true);
        assertThat(Files.size(shipped.resolve("eng.traineddata"))).isGreaterThan(1_000_000L);

        OfflineSettings configured = OfflineSettings.from(new ConfigSource(new java.util.Properties(),
                Map.of("LEDGERLENS_OFFLINE_TESSDATA_DIR", own.toString())));
        assertThat(configured.ownTessdata()).isTrue();
        assertThat(OfflineSettings.from(new ConfigSource(new java.util.Properties(), Map.of())).ownTessdata()).isFalse();
    }

    @Test
    void readsWordsWithBoxesAndConfidences() {
        TextLayer layer = ocr.read(ReceiptImage.draw("TOTAL 12.50", "THANK YOU"));

        assertThat(layer.origin()).isEqualTo(TextLayer.Origin.OCR);
        assertThat(layer.text()).isEqualTo("TOTAL 12.50\nTHANK YOU");
        assertThat(layer.words()).extracting(Word::text).containsExactly("TOTAL", "12.50", "THANK", "YOU");
        Word total = layer.words().get(0);
        Word amount = layer.words().get(1);
        assertThat(total.left()).isBetween(30, 50);
        assertThat(total.top()).isBetween(35, 50);
        assertThat(amount.left()).as("the amount is right of its label").isGreaterThan(total.right());
        assertThat(layer.words()).allSatisfy(word -> assertThat(word.confidence()).isBetween(80f, 100f));
    }

    @Test
    void returnsTheSameTextWhenManyThreadsShareTheHandles() throws Exception {
        BufferedImage image = ReceiptImage.draw("INVOICE INV-2026-0042", "TOTAL 99.95");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                results.add(pool.submit(() -> ocr.read(image).text()));
            }
            for (Future<String> result : results) {
                assertThat(result.get()).isEqualTo("INVOICE INV-2026-0042\nTOTAL 99.95");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void extractsTheFieldsOfAPhotographedReceipt() throws IOException {
        Path image = folder.resolve("receipt.png");
        ImageIO.write(ReceiptImage.draw(RECEIPT), "png", image.toFile());
        RenderedDocument document = document(image);

        Extraction extraction = extractor.extract(document);

        assertThat(extraction.engine()).isEqualTo("offline");
        assertThat(extraction.fields().storeName()).isEqualTo("CORNER BAKERY LTD");
        assertThat(extraction.fields().storeAddress()).isEqualTo("12 MILL LANE, YORK YO1 7HH");
        assertThat(extraction.fields().date()).isEqualTo("03/02/2026");
        assertThat(extraction.fields().total()).isEqualTo("5.00");
        assertThat(extraction.fields().paymentMethod()).isEqualTo("CASH");
        assertThat(extraction.confidence().get("total")).isBetween(0.5, 1.0);
        assertThat(extraction.ocrText()).containsOnlyKeys(1);
        assertThat(extraction.ocrText().get(1)).contains("CORNER BAKERY LTD").contains("TOTAL");
    }

    @Test
    void failsWithOcrFailedOnABlankPage() throws IOException {
        Path image = folder.resolve("blank.png");
        BufferedImage blank = new BufferedImage(400, 600, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D graphics = blank.createGraphics();
        graphics.setColor(Color.WHITE);
        graphics.fillRect(0, 0, 400, 600);
        graphics.dispose();
        ImageIO.write(blank, "png", image.toFile());

        assertThatThrownBy(() -> extractor.extract(document(image)))
                .isInstanceOfSatisfying(LedgerlensException.class, e -> assertThat(e.reason()).isEqualTo(FailureReason.OCR_FAILED));
    }

    @Test
    void failsWithOcrFailedOnAnUndecodableImage() throws IOException {
        Path image = folder.resolve("broken.png");
        Files.writeString(image, "not an image");

        assertThatThrownBy(() -> extractor.extract(document(image)))
                .isInstanceOfSatisfying(LedgerlensException.class, e -> assertThat(e.reason()).isEqualTo(FailureReason.OCR_FAILED));
    }

    private static RenderedDocument document(Path image) throws IOException {
        SourceDocument source = new SourceDocument("0".repeat(64), image.toUri().toString(), image.getFileName().toString(),
                Files.size(image), image);
        return new RenderedDocument(source, DocumentType.PNG, 1, List.of(new RenderedPage(1, image, "image/png", 900, 560, null)));
    }
}
