package dev.ledgerlens.extract.offline;

import dev.ledgerlens.render.TextLayer;
import dev.ledgerlens.render.Word;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Turning a page and mapping its word boxes back: a box found on the turned page lands where the word is on the page. */
class UprightReadingTest {
    private static final int WIDTH = 300;
    private static final int HEIGHT = 100;
    /** The word on the upright page: a box 40×10 at (20, 30). */
    private static final int[] BOX = {20, 30, 40, 10};

    /** A fake reader that finds one confident word where the marked pixel block is, in whatever image it is given. */
    private static TextLayer findMark(BufferedImage image) {
        int minX = Integer.MAX_VALUE, minY = Integer.MAX_VALUE, maxX = -1, maxY = -1;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if ((image.getRGB(x, y) & 0xFFFFFF) == 0) {
                    minX = Math.min(minX, x);
                    minY = Math.min(minY, y);
                    maxX = Math.max(maxX, x);
                    maxY = Math.max(maxY, y);
                }
            }
        }
        // only the upright orientation reads well: the mark's box is wider than tall there
        float confidence = maxX - minX > maxY - minY && image.getWidth() == WIDTH && minY == BOX[1] ? 95 : 10;
        return new TextLayer("TOTAL", List.of(new Word("TOTAL", minX, minY, maxX - minX + 1, maxY - minY + 1, confidence)),
                TextLayer.Origin.OCR);
    }

    private static BufferedImage page() {
        BufferedImage page = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < HEIGHT; y++) {
            for (int x = 0; x < WIDTH; x++) {
                boolean mark = x >= BOX[0] && x < BOX[0] + BOX[2] && y >= BOX[1] && y < BOX[1] + BOX[3];
                page.setRGB(x, y, mark ? 0 : 0xFFFFFF);
            }
        }
        return page;
    }

    @Test
    void aBoxOnATurnedPageMapsBackOntoThePage() {
        BufferedImage page = page();
        for (int turns = 1; turns <= 3; turns++) {
            TextLayer onTurned = findMark(UprightReading.turn(page, turns));
            Word back = UprightReading.back(onTurned, turns, WIDTH, HEIGHT).words().get(0);
            assertThat(new int[] {back.left(), back.top(), back.width(), back.height()}).as("%d quarter turns", turns)
                    .containsExactly(BOX);
        }
    }

    @Test
    void anUpsideDownPageIsReadTheRightWayRoundWithBoxesOnThePage() {
        BufferedImage upsideDown = UprightReading.turn(page(), 2);

        TextLayer reading = new UprightReading(1).read(upsideDown, UprightReadingTest::findMark);

        Word word = reading.words().get(0);
        assertThat(word.confidence()).isEqualTo(95f);
        // where the mark is on the upside-down page it was given
        assertThat(new int[] {word.left(), word.top(), word.width(), word.height()})
                .containsExactly(WIDTH - BOX[0] - BOX[2], HEIGHT - BOX[1] - BOX[3], BOX[2], BOX[3]);
    }
}
