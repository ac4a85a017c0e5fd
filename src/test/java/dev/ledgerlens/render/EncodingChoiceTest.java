package dev.ledgerlens.render;

import dev.ledgerlens.ingest.SourceDocument;
import dev.ledgerlens.testing.Golden;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The encoder predicts PNG or JPEG from the page's grey levels instead of always encoding both: the prediction
 * must never pick an encoding clearly larger than the other, on the samples and on real scans.
 */
class EncodingChoiceTest {
    /** A wrong guess may cost this much over the smaller encoding before the test calls it wrong. */
    private static final double SLACK = 1.10;
    private static final PageSpec PATCH_MODEL = new PageSpec(150, 0, 0, 1536L * 32 * 32, false, true);
    private static final Path SROIE = Path.of("../shared/data/sroie-train-sample/img");

    @TempDir
    Path work;

    @Test
    void thePredictedEncodingIsNeverClearlyTheLargerOne() throws Exception {
        StringBuilder wrong = new StringBuilder();
        for (BufferedImage page : pages()) {
            // as the encoder does for a model: PNG at full compression, JPEG at the shipped quality
            long png = PageEncoder.png(page, PageEncoder.SMALL_PNG).length;
            long jpeg = PageEncoder.jpeg(page, RenderSettings.DEFAULT_JPEG_QUALITY).length;
            PageEncoder.Likely likely = PageEncoder.likelySmaller(page);
            long chosen = likely == PageEncoder.Likely.PNG ? png : likely == PageEncoder.Likely.JPEG ? jpeg : Math.min(png, jpeg);
            if (chosen > SLACK * Math.min(png, jpeg)) {
                wrong.append(String.format("%s: png %d, jpeg %d%n", likely, png, jpeg));
            }
        }
        assertThat(wrong.toString()).as("pages where the predicted encoding is clearly the larger").isEmpty();
    }

    @Test
    void mostPagesAreEncodedOnce() throws Exception {
        // the share was measured with real scans among the pages: the samples alone are mostly colour and mixed pages
        Assumptions.assumeTrue(Files.isDirectory(SROIE), SROIE.toAbsolutePath()
                + " not found: the share of pages encoded once is measured with real scans; skipped");
        List<BufferedImage> pages = pages();
        long encodedOnce = pages.stream().filter(page -> PageEncoder.likelySmaller(page) != PageEncoder.Likely.EITHER).count();
        assertThat(encodedOnce).as("pages encoded once, of %d", pages.size()).isGreaterThan(pages.size() / 2);
    }

    /** The samples' pages as rendered for a model, and the first 15 SROIE scans fitted the same way when present. */
    private List<BufferedImage> pages() throws Exception {
        List<BufferedImage> pages = new ArrayList<>();
        DocumentRenderer renderer = new DocumentRenderer(RenderSettings.defaults());
        for (Golden.Sample sample : Golden.samples()) {
            SourceDocument source = new SourceDocument(sample.fileName().replaceAll("[^a-z0-9]", "") + "0".repeat(64),
                    "file:" + sample.document(), sample.fileName(), Files.size(sample.document()), sample.document());
            RenderedDocument rendered = renderer.render(source, PATCH_MODEL, work);
            for (RenderedPage page : rendered.pages()) {
                pages.add(ImageIO.read(page.image().toFile()));
            }
        }
        if (Files.isDirectory(SROIE)) {
            try (Stream<Path> scans = Files.list(SROIE)) {
                for (Path scan : scans.sorted().limit(15).toList()) {
                    BufferedImage image = ImageIO.read(scan.toFile());
                    int[] size = PageEncoder.fittedSize(image.getWidth(), image.getHeight(), PATCH_MODEL, Long.MAX_VALUE);
                    BufferedImage scaled = new BufferedImage(size[0], size[1], BufferedImage.TYPE_INT_RGB);
                    scaled.createGraphics().drawImage(image, 0, 0, size[0], size[1], null);
                    pages.add(scaled);
                }
            }
        }
        return pages;
    }
}
