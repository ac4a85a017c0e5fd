package dev.ledgerlens.samples;

import dev.ledgerlens.ingest.SourceDocument;
import dev.ledgerlens.render.DocumentRenderer;
import dev.ledgerlens.render.PageSpec;
import dev.ledgerlens.render.RenderSettings;
import dev.ledgerlens.render.RenderedPage;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.leptonica.PIX;
import org.bytedeco.tesseract.TessBaseAPI;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bytedeco.leptonica.global.leptonica.pixDestroy;
import static org.bytedeco.leptonica.global.leptonica.pixRead;

/**
 * The photo and scan samples are legible to Tesseract once rendered: the offline engine's tests can rely on them.
 * Checks the amounts and dates (the English model reads German umlauts poorly, names are not asserted for those).
 */
class SampleOcrTest {
    @TempDir
    static Path work;

    private static TessBaseAPI tesseract;

    @BeforeAll
    static void startTesseract() throws IOException {
        Path tessdata = Files.createDirectory(work.resolve("tessdata"));
        try (InputStream eng = SampleOcrTest.class.getClassLoader().getResourceAsStream("tessdata/eng.traineddata")) {
            assertThat(eng).as("tessdata/eng.traineddata from the tess4j jar").isNotNull();
            Files.copy(eng, tessdata.resolve("eng.traineddata"));
        }
        tesseract = new TessBaseAPI();
        assertThat(tesseract.Init(tessdata.toString(), "eng")).isZero();
    }

    @AfterAll
    static void stopTesseract() {
        if (tesseract != null) {
            tesseract.End();
            tesseract.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "receipt-usd-grocery-png.png | FRESH MART | 10/15/2026 | TOTAL $18.89",
            "receipt-gbp-cafe-jpeg.jpg | THE COPPER KETTLE | 18/10/2026 | TOTAL £17.90",
            "receipt-usd-pharmacy-exif-rotated.jpg | CORNER PHARMACY | 11/19/2026 | TOTAL $24.65",
            "receipt-eur-bakery-tiff.tif | Heidelberg | 31.10.2026 | TOTAL 12,75 €",
            "invoice-gbp-scanned.pdf | Northwind Office Supply | 14/10/2026 | Total due £73.91",
    })
    void renderedSampleReadsBackThroughTesseract(String file, String name, String date, String total) throws IOException {
        Path sample = Path.of("sample-inputs", file);
        SourceDocument source = new SourceDocument("ocr-" + file, sample.toUri().toString(), file, Files.size(sample), sample);
        RenderedPage page = new DocumentRenderer(RenderSettings.defaults())
                .render(source, new PageSpec(200, 0, 0, 0, true, false), work).pages().get(0);

        String text = ocr(page.image());

        assertThat(text).contains(name, date, total);
    }

    private static String ocr(Path image) {
        PIX pix = pixRead(image.toString());
        try {
            tesseract.SetImage(pix);
            BytePointer utf8 = tesseract.GetUTF8Text();
            try {
                return utf8.getString(java.nio.charset.StandardCharsets.UTF_8);
            } finally {
                utf8.deallocate();
            }
        } finally {
            pixDestroy(pix);
        }
    }
}
