package dev.ledgerlens.samples;

import dev.ledgerlens.extract.offline.PhotoPreparer;
import dev.ledgerlens.samples.SampleGenerator.SlipLine;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * {@link PhotoPreparer} on pictures made here (no OCR, under a second): it finds the corners of a slip photographed at
 * an angle on a table, straightens it to the slip's proportions with its small print scaled up, and leaves scans alone.
 */
class PhotoPreparerTest {
    private final PhotoPreparer preparer = new PhotoPreparer();

    @Test
    void aSlipPhotographedAtAnAngleIsFoundAndStraightened() {
        BufferedImage slip = slip();
        double[][] corners = PhotoEffects.handheldCorners(slip, 480, 640, 0.85, -4, 0.15);
        BufferedImage photo = grey(PhotoEffects.photograph(slip, 480, 640, corners, 0.35, new Random(7)));

        Optional<PhotoPreparer.Photo> prepared = preparer.prepare(photo);

        assertThat(prepared).isPresent();
        BufferedImage image = prepared.get().image();
        double[][] imageCorners = {{0, 0}, {image.getWidth(), 0}, {image.getWidth(), image.getHeight()}, {0, image.getHeight()}};
        for (int i = 0; i < 4; i++) {
            // the straightened page's corners map back onto the slip's corners in the photo, to a few pixels
            double[] back = prepared.get().toPhoto().apply(imageCorners[i][0], imageCorners[i][1]);
            assertThat(back[0]).as("corner %d x", i).isCloseTo(corners[i][0], within(6.0));
            assertThat(back[1]).as("corner %d y", i).isCloseTo(corners[i][1], within(6.0));
        }
        // upright and in the slip's proportions again (the keystone made its top 15 % narrower)
        assertThat((double) image.getWidth() / image.getHeight())
                .isCloseTo((double) slip.getWidth() / slip.getHeight(), within(0.08));
        // its 8-px print scaled up towards Tesseract's comfortable size
        assertThat(image.getHeight()).isGreaterThan(2 * 600);
    }

    @Test
    void scansAreLeftAsTheyAre() {
        BufferedImage slip = slip();
        assertThat(preparer.prepare(slip)).as("the clean slip").isEmpty();
        assertThat(preparer.prepare(grey(PhotoEffects.scan(slip, 1.5, new Random(3))))).as("a flatbed scan").isEmpty();
        // a scan of a slip on an open scanner lid: black around an upright sheet
        BufferedImage lid = new BufferedImage(slip.getWidth() + 200, slip.getHeight() + 200, BufferedImage.TYPE_BYTE_GRAY);
        lid.getGraphics().drawImage(slip, 100, 100, null);
        assertThat(preparer.prepare(lid)).as("a slip on a black scanner lid").isEmpty();
    }

    @Test
    void aPictureWithoutASheetIsLeftAsItIs() {
        BufferedImage table = grey(PhotoEffects.photograph(slip(), 300, 400, new double[][] {{-10, -10}, {-9, -10}, {-9, -9}, {-10, -9}},
                0.0, new Random(5)));
        assertThat(preparer.prepare(table)).isEmpty();
    }

    private static BufferedImage slip() {
        List<SlipLine> lines = new ArrayList<>();
        lines.add(SlipLine.centred("CASCADE PRINT & SIGN", true));
        lines.add(SlipLine.centred("2120 Western Avenue", false));
        for (int i = 0; i < 14; i++) {
            lines.add(SlipLine.of("Item number " + i, (i + 1) + ".25"));
        }
        lines.add(SlipLine.bold("TOTAL", "112.50"));
        return SampleGenerator.drawSlip(lines, 21, 29, 560, 24, 35);
    }

    private static BufferedImage grey(BufferedImage image) {
        BufferedImage grey = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_BYTE_GRAY);
        grey.getGraphics().drawImage(image, 0, 0, null);
        return grey;
    }
}
