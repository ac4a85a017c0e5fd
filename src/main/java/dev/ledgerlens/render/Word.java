package dev.ledgerlens.render;

/**
 * One word of page text with its box, in pixels of the page image it belongs to.
 *
 * @param text       the word
 * @param left       left edge, px
 * @param top        top edge, px
 * @param width      width, px
 * @param height     height, px
 * @param confidence 0–100; 100 for a PDF text layer
 */
public record Word(String text, int left, int top, int width, int height, float confidence) {
    public int right() {
        return left + width;
    }

    public int bottom() {
        return top + height;
    }

    public int centerY() {
        return top + height / 2;
    }
}
