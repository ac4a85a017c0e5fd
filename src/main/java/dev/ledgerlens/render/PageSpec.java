package dev.ledgerlens.render;

/**
 * How an engine wants its pages: the renderer sizes and encodes every page to this.
 *
 * @param dpi           rasterisation resolution for PDF pages before any downscaling
 * @param maxLongSide   the longest side after scaling, px (0 = no limit)
 * @param maxShortSide  the shortest side after scaling, px (0 = no limit)
 * @param maxPixels     the pixel count after scaling (0 = no limit); patch models budget pixels, not sides
 * @param grayscale     render in grey levels (OCR does not need colour, and it halves the bytes)
 * @param preferSmallestEncoding encode as PNG or JPEG, whichever is smaller; otherwise always PNG (lossless, for OCR)
 */
public record PageSpec(int dpi, int maxLongSide, int maxShortSide, long maxPixels, boolean grayscale,
                       boolean preferSmallestEncoding) {

    /** Scale factor (≤ 1) that fits a width×height image into this spec. */
    public double scaleFor(int width, int height) {
        double scale = 1.0;
        int longSide = Math.max(width, height);
        int shortSide = Math.min(width, height);
        if (maxLongSide > 0 && longSide > maxLongSide) {
            scale = Math.min(scale, (double) maxLongSide / longSide);
        }
        if (maxShortSide > 0 && shortSide > maxShortSide) {
            scale = Math.min(scale, (double) maxShortSide / shortSide);
        }
        if (maxPixels > 0 && (long) width * height > maxPixels) {
            scale = Math.min(scale, Math.sqrt((double) maxPixels / ((long) width * height)));
        }
        return scale;
    }
}
