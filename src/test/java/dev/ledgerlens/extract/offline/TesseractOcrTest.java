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
    private static Path tessdata;

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
        tessdata = settings.tessdataDir();
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
    void returnsTheSameTextWhenManyThreadsShareTwoWorkers() throws Exception {
        BufferedImage image = ReceiptImage.draw("INVOICE INV-2026-0042", "TOTAL 99.95");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try (TesseractOcr workers = TesseractOcr.inWorkerProcesses(tessdata, "eng", 4, 2, TesseractOcr.DEFAULT_TIMEOUT)) {
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                results.add(pool.submit(() -> workers.read(image).text()));
            }
            for (Future<String> result : results) {
                assertThat(result.get()).isEqualTo("INVOICE INV-2026-0042\nTOTAL 99.95");
            }
            assertThat(workers.workerPids()).hasSizeLessThanOrEqualTo(2);
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
    void faintPrintThatThresholdingTakesForPaperIsReadWithItsContrastStretched() throws IOException {
        // grey print on grey paper, as a faded thermal receipt scans: too little contrast for Sauvola's threshold
        BufferedImage faint = ReceiptImage.draw(RECEIPT);
        for (int y = 0; y < faint.getHeight(); y++) {
            for (int x = 0; x < faint.getWidth(); x++) {
                int grey = 196 + (faint.getRGB(x, y) & 0xff) * 40 / 255;
                faint.setRGB(x, y, new Color(grey, grey, grey).getRGB());
            }
        }
        Map<String, String> sauvola = Map.of("thresholding_method", "2");
        assertThat(ocr.read(faint, 4, sauvola).words()).as("the header pass alone finds no ink").hasSizeLessThan(3);
        Path image = folder.resolve("faint.png");
        ImageIO.write(faint, "png", image.toFile());

        Extraction extraction = extractor.extract(document(image));

        String headerPass = extraction.ocrText().get(1).split(java.util.regex.Pattern.quote(OfflineExtractor.READINGS_SEPARATOR))[0];
        assertThat(headerPass).as("the header pass, read again stretched").contains("CORNER BAKERY LTD").contains("TOTAL");
        assertThat(extraction.fields().storeName()).isEqualTo("CORNER BAKERY LTD");
        assertThat(extraction.fields().total()).isEqualTo("5.00");
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

    @Test
    void aReadThatOutlastsTheOcrTimeoutStopsAsOcrTimeoutAndTheNextReadWorks() {
        String[] page = new String[40];
        for (int i = 0; i < page.length; i++) {
            page[i] = RECEIPT[i % RECEIPT.length];
        }
        BufferedImage dense = ReceiptImage.draw(page);
        try (TesseractOcr impatient = new TesseractOcr(tessdata, "eng", 6, 1, java.time.Duration.ofMillis(50))) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> impatient.read(dense))
                    .isInstanceOfSatisfying(LedgerlensException.class, failure -> {
                        assertThat(failure.reason()).isEqualTo(FailureReason.OCR_TIMEOUT);
                        assertThat(failure.getMessage()).contains("ledgerlens.offline.ocr-timeout");
                    });
            long stoppedMillis = (System.nanoTime() - start) / 1_000_000;

            long unbounded = System.nanoTime();
            assertThat(ocr.read(dense).text()).contains("TOTAL");
            long unboundedMillis = (System.nanoTime() - unbounded) / 1_000_000;
            assertThat(stoppedMillis).as("ms until stopped, against %d ms for the whole read", unboundedMillis)
                    .isLessThan(unboundedMillis);
        }
    }

    @Test
    void theOcrTimeoutIsASetting() {
        OfflineSettings settings = OfflineSettings.from(new ConfigSource(new java.util.Properties(),
                Map.of("LEDGERLENS_OFFLINE_OCR_TIMEOUT", "90s")));
        assertThat(settings.ocrTimeout()).isEqualTo(java.time.Duration.ofSeconds(90));
        assertThat(OfflineSettings.from(new ConfigSource(new java.util.Properties(), Map.of())).ocrTimeout())
                .isEqualTo(TesseractOcr.DEFAULT_TIMEOUT);
    }

    @Test
    void aWorkerReadsAPageAsTesseractInThisProcessDoes() {
        BufferedImage receipt = ReceiptImage.draw(RECEIPT);
        try (TesseractOcr worker = TesseractOcr.inWorkerProcesses(tessdata, "eng", 4, 1, TesseractOcr.DEFAULT_TIMEOUT)) {
            TextLayer there = worker.read(receipt, 4, Map.of("thresholding_method", "2"));
            TextLayer here = ocr.read(receipt, 4, Map.of("thresholding_method", "2"));
            assertThat(there.text()).isEqualTo(here.text());
            assertThat(there.words()).isEqualTo(here.words());
            assertThat(worker.workerPids()).hasSize(1);
        }
    }

    @Test
    void aWorkerStuckInLayoutAnalysisIsStoppedSoonAfterTheDeadline() {
        // 100,000 random specks on an A4 page at 300 dpi: Tesseract's layout analysis, which checks no deadline, runs
        // for a minute or more before recognition starts
        BufferedImage specks = new BufferedImage(2480, 3508, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D graphics = specks.createGraphics();
        graphics.setColor(Color.WHITE);
        graphics.fillRect(0, 0, specks.getWidth(), specks.getHeight());
        graphics.setColor(Color.BLACK);
        java.util.Random random = new java.util.Random(7);
        for (int i = 0; i < 100_000; i++) {
            graphics.fillRect(random.nextInt(2470), random.nextInt(3500), 2 + random.nextInt(3), 2 + random.nextInt(3));
        }
        graphics.dispose();
        java.time.Duration timeout = java.time.Duration.ofSeconds(1);
        try (TesseractOcr worker = TesseractOcr.inWorkerProcesses(tessdata, "eng", 4, 1, timeout)) {
            worker.read(ReceiptImage.draw("TOTAL 5.00")); // starts the worker
            long pid = worker.workerPids().get(0);

            long start = System.nanoTime();
            assertThatThrownBy(() -> worker.read(specks))
                    .isInstanceOfSatisfying(LedgerlensException.class,
                            failure -> assertThat(failure.reason()).isEqualTo(FailureReason.OCR_TIMEOUT));
            long millis = (System.nanoTime() - start) / 1_000_000;

            assertThat(millis).as("ms until the read failed: the deadline, the grace, and stopping the process")
                    .isLessThan(timeout.plus(TesseractWorkers.STOP_GRACE).toMillis() + 5_000);
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).as("the stopped worker is alive")
                    .isFalse();
            assertThat(worker.read(ReceiptImage.draw("TOTAL 5.00")).text()).as("a new worker reads the next page").contains("TOTAL");
        }
    }
}
