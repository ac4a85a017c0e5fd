package dev.ledgerlens.extract.offline;

import dev.ledgerlens.render.TextLayer;
import dev.ledgerlens.render.Word;

import java.awt.geom.AffineTransform;
import java.awt.image.AffineTransformOp;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Reads a page that may lie on its side or upside down (a photo taken any way round, a scan fed in backwards): read as
 * it is first; only when that reading has too few sure words, read it turned by 180°, 90° and 270° as well and keep
 * the turn with the most sure words. "Sure" is a high bar on purpose: text read sideways yields many words Tesseract
 * is fairly confident of (a receipt read at 90° gave 25 words at 60+ against 16 upright), but almost none it is sure
 * of (the upright reading's 16 were all at 95). Word boxes come back in the page's own pixels. Stateless; thread-safe
 * when the reader is.
 */
final class UprightReading {
    /** A word Tesseract is at least this confident of counts as read. */
    static final float CONFIDENT = 60;
    /** A word Tesseract is at least this sure of counts towards which way round a page is. */
    static final float SURE = 85;
    /** A reading with at least this many confident words is taken as upright without trying the other turns. */
    private final int enough;

    UprightReading(int enough) {
        this.enough = enough;
    }

    /** The reading of {@code page} the right way up, by {@code reader}. */
    TextLayer read(BufferedImage page, Function<BufferedImage, TextLayer> reader) {
        TextLayer best = reader.apply(page);
        long bestCount = sure(best);
        if (bestCount >= enough) {
            return best;
        }
        for (int quarterTurns : new int[] {2, 1, 3}) {
            TextLayer turned = back(reader.apply(turn(page, quarterTurns)), quarterTurns, page.getWidth(), page.getHeight());
            long count = sure(turned);
            if (count > bestCount) {
                best = turned;
                bestCount = count;
            }
        }
        return best;
    }

    static long confident(TextLayer layer) {
        return layer.words().stream().filter(word -> word.confidence() >= CONFIDENT).count();
    }

    static long sure(TextLayer layer) {
        return layer.words().stream().filter(word -> word.confidence() >= SURE).count();
    }

    /** The page turned clockwise by {@code quarterTurns} × 90°. */
    static BufferedImage turn(BufferedImage page, int quarterTurns) {
        int width = page.getWidth();
        int height = page.getHeight();
        AffineTransform transform = new AffineTransform();
        switch (quarterTurns) {
            case 1 -> {
                transform.translate(height, 0);
                transform.quadrantRotate(1);
            }
            case 2 -> {
                transform.translate(width, height);
                transform.quadrantRotate(2);
            }
            case 3 -> {
                transform.translate(0, width);
                transform.quadrantRotate(3);
            }
            default -> {
                return page;
            }
        }
        BufferedImage target = new BufferedImage(quarterTurns % 2 == 1 ? height : width, quarterTurns % 2 == 1 ? width : height,
                page.getType() == BufferedImage.TYPE_CUSTOM ? BufferedImage.TYPE_INT_RGB : page.getType());
        return new AffineTransformOp(transform, AffineTransformOp.TYPE_NEAREST_NEIGHBOR).filter(page, target);
    }

    /** A reading of the turned page with its word boxes mapped back onto the page as it was ({@code width} × {@code height}). */
    static TextLayer back(TextLayer layer, int quarterTurns, int width, int height) {
        if (quarterTurns % 4 == 0) {
            return layer;
        }
        List<Word> words = new ArrayList<>(layer.words().size());
        for (Word word : layer.words()) {
            int left = word.left();
            int top = word.top();
            int right = word.right();
            int bottom = word.bottom();
            int[] box = switch (quarterTurns) {
                // turned clockwise once: a turned point (u, v) was (v, height - u) on the page
                case 1 -> new int[] {top, height - right, bottom, height - left};
                case 2 -> new int[] {width - right, height - bottom, width - left, height - top};
                // turned clockwise three times: (u, v) was (width - v, u)
                default -> new int[] {width - bottom, left, width - top, right};
            };
            words.add(new Word(word.text(), box[0], box[1], box[2] - box[0], box[3] - box[1], word.confidence()));
        }
        return new TextLayer(layer.text(), words, layer.origin());
    }
}
