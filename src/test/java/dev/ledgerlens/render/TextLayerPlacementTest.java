package dev.ledgerlens.render;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Word boxes of the text layer must sit on the printed words in the page image, whatever the page's /Rotate or crop box. */
class TextLayerPlacementTest {
    private final DocumentRenderer renderer = new DocumentRenderer(RenderSettings.defaults());

    @TempDir
    Path work;

    @ParameterizedTest(name = "/Rotate {0}")
    @ValueSource(ints = {0, 90, 180, 270})
    void wordBoxesCoverInkOnTheRenderedPage(int rotation) throws IOException {
        Path pdf = work.resolve("rotated-" + rotation + ".pdf");
        try (PDDocument document = Loader.loadPDF(Path.of("sample-inputs", "invoice-usd-1page.pdf").toFile())) {
            document.getPage(0).setRotation(rotation);
            document.save(pdf.toFile());
        }
        RenderedPage page = renderer.render(DocumentRendererTest.source(pdf), new PageSpec(100, 0, 0, 0, true, false), work)
                .pages().get(0);
        BufferedImage image = ImageIO.read(page.image().toFile());

        boolean landscape = rotation % 180 != 0;
        assertThat(page.width() > page.height()).isEqualTo(landscape);
        assertThat(page.textLayer().words()).hasSizeGreaterThan(40).allSatisfy(word ->
                assertThat(darkPixels(image, word)).as("ink under '%s' at %s", word.text(), word).isPositive());
        // and the boxes are not simply the whole page: the space between two header lines is white
        Word title = page.textLayer().words().stream().filter(w -> w.text().equals("INVOICE")).findFirst().orElseThrow();
        assertThat((long) title.width() * title.height()).isLessThan((long) page.width() * page.height() / 200);
    }

    @ParameterizedTest(name = "crop box offset {0} pt")
    @ValueSource(ints = {0, 36})
    void cropBoxOffsetsAreTakenIntoAccount(int offset) throws IOException {
        Path pdf = work.resolve("cropped-" + offset + ".pdf");
        try (PDDocument document = Loader.loadPDF(Path.of("sample-inputs", "invoice-usd-1page.pdf").toFile())) {
            PDPage first = document.getPage(0);
            PDRectangle media = first.getMediaBox();
            first.setCropBox(new PDRectangle(offset, offset, media.getWidth() - 2 * offset, media.getHeight() - 2 * offset));
            document.save(pdf.toFile());
        }
        RenderedPage page = renderer.render(DocumentRendererTest.source(pdf), new PageSpec(100, 0, 0, 0, true, false), work)
                .pages().get(0);
        BufferedImage image = ImageIO.read(page.image().toFile());
        assertThat(page.textLayer().words()).allSatisfy(word ->
                assertThat(darkPixels(image, word)).as("ink under '%s' at %s", word.text(), word).isPositive());
    }

    private static int darkPixels(BufferedImage image, Word word) {
        int dark = 0;
        for (int y = Math.max(0, word.top()); y < Math.min(image.getHeight(), word.bottom()); y++) {
            for (int x = Math.max(0, word.left()); x < Math.min(image.getWidth(), word.right()); x++) {
                if (image.getRaster().getSample(x, y, 0) < 128) {
                    dark++;
                }
            }
        }
        return dark;
    }
}
