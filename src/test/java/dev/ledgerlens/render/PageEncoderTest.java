package dev.ledgerlens.render;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;

class PageEncoderTest {

    /**
     * A 3×2 stored image with one black pixel in the stored top-left corner. Where that pixel must appear after
     * applying each EXIF orientation follows from the EXIF definition of "row 0 / column 0".
     */
    @ParameterizedTest(name = "orientation {0}: stored top-left shows at ({3},{4})")
    @CsvSource({
            "1, 3, 2, 0, 0",  // as stored
            "2, 3, 2, 2, 0",  // mirrored: appears top-right
            "3, 3, 2, 2, 1",  // upside down: bottom-right
            "4, 3, 2, 0, 1",  // flipped: bottom-left
            "5, 2, 3, 0, 0",  // transposed: stays top-left, sides swap
            "6, 2, 3, 1, 0",  // turned clockwise to view: stored top-left goes to the top-right
            "7, 2, 3, 1, 2",  // transversed: bottom-right
            "8, 2, 3, 0, 2",  // turned counter-clockwise to view: bottom-left
    })
    void orientationTurnsThePixelsUpright(int orientation, int width, int height, int x, int y) {
        BufferedImage stored = new BufferedImage(3, 2, BufferedImage.TYPE_BYTE_GRAY);
        for (int row = 0; row < 2; row++) {
            for (int column = 0; column < 3; column++) {
                stored.getRaster().setSample(column, row, 0, 255);
            }
        }
        stored.getRaster().setSample(0, 0, 0, 0);

        BufferedImage upright = PageEncoder.orient(stored, orientation);

        assertThat(upright.getWidth()).isEqualTo(width);
        assertThat(upright.getHeight()).isEqualTo(height);
        for (int row = 0; row < height; row++) {
            for (int column = 0; column < width; column++) {
                int expected = column == x && row == y ? 0 : 255;
                assertThat(upright.getRaster().getSample(column, row, 0)).as("(%d,%d)", column, row).isEqualTo(expected);
            }
        }
    }

    @ParameterizedTest(name = "{0}×{1} into {2}")
    @CsvSource({
            "1654, 2339, 2048, 768, 0, 768, 1086",
            "4032, 3024, 2048, 768, 0, 1024, 768",
            "1654, 2339, 0, 0, 1572864, 1054, 1491",
            "800, 600, 2048, 768, 0, 800, 600",
    })
    void fittedSizeHonoursEveryLimitAndNeverEnlarges(int width, int height, int maxLong, int maxShort, long maxPixels,
                                                     int expectedWidth, int expectedHeight) {
        PageSpec spec = new PageSpec(150, maxLong, maxShort, maxPixels, false, true);
        int[] size = PageEncoder.fittedSize(width, height, spec, RenderSettings.DEFAULT_MAX_PIXELS);
        assertThat(size).containsExactly(expectedWidth, expectedHeight);
    }

    @Test
    void aPageWithoutColourBecomesOneGreyChannelWithTheSameLevels() throws IOException {
        BufferedImage page = new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 30; y++) {
            for (int x = 0; x < 40; x++) {
                int level = (x * 7 + y * 3) % 256;
                page.setRGB(x, y, level << 16 | level << 8 | level);
            }
        }
        BufferedImage grey = PageEncoder.withoutColour(page);
        assertThat(grey.getType()).isEqualTo(BufferedImage.TYPE_BYTE_GRAY);
        // written and read back as PNG, every pixel keeps its level exactly
        BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(PageEncoder.png(grey, PageEncoder.SMALL_PNG)));
        for (int y = 0; y < 30; y++) {
            for (int x = 0; x < 40; x++) {
                assertThat(decoded.getRaster().getSample(x, y, 0)).as("(%d,%d)", x, y).isEqualTo(page.getRGB(x, y) & 0xff);
            }
        }
    }

    @Test
    void oneColouredPixelKeepsThePageInColour() {
        BufferedImage page = new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB);
        page.setRGB(39, 29, 0xff0000);
        assertThat(PageEncoder.withoutColour(page)).isSameAs(page);
    }
}
