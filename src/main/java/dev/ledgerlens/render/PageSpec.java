package dev.ledgerlens.render;

/**
 * How an engine wants its pages: the renderer sizes and encodes every page to this.
 *
 * @param dpi           rasterisation resolution for PDF pages before any downscaling
 * @param maxLongSide   the longest side after scaling, px (0 = no limit)
 * @param maxShortSide  the shortest side after scaling, px (0 = no limit)
 * @param maxPixels     the pixel count after scaling (0 = no limit); approximate for patch models, see {@code maxPatches}
 * @param grayscale     render in grey levels (OCR does not need colour, and it halves the bytes)
 * @param preferSmallestEncoding encode as PNG or JPEG, whichever is smaller; otherwise always PNG (lossless, for OCR)
 * @param maxPatches    the exact budget of {@value #PATCH_SIZE}×{@value #PATCH_SIZE} px patches covering the image
 *                      (0 = no limit): OpenAI's patch models (gpt-4.1-mini, o4-mini) see at most 1,536 of them
 */
public record PageSpec(int dpi, int maxLongSide, int maxShortSide, long maxPixels, boolean grayscale,
                       boolean preferSmallestEncoding, int maxPatches) {

    /** Side of one patch, px, as in OpenAI's vision guide. */
    public static final int PATCH_SIZE = 32;

    /** A spec without a patch budget (every engine but the OpenAI patch models). */
    public PageSpec(int dpi, int maxLongSide, int maxShortSide, long maxPixels, boolean grayscale,
                    boolean preferSmallestEncoding) {
        this(dpi, maxLongSide, maxShortSide, maxPixels, grayscale, preferSmallestEncoding, 0);
    }

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
        if (maxPatches > 0) {
            scale *= patchScale(width * scale, height * scale, maxPatches);
        }
        return scale;
    }

    /**
     * The factor (≤ 1) by which OpenAI shrinks a width×height image so that {@code budget} patches cover it,
     * exactly as the vision guide describes: r = √(32²·budget / (w·h)), then r shrunk further so that one
     * side is a whole number of patches. Shared by the renderer and the token estimator so both agree.
     */
    public static double patchScale(double width, double height, int budget) {
        if (patches(width, height) <= budget) {
            return 1.0;
        }
        double r = Math.sqrt((double) PATCH_SIZE * PATCH_SIZE * budget / (width * height));
        double widthPatches = width * r / PATCH_SIZE;
        double heightPatches = height * r / PATCH_SIZE;
        r *= Math.min(Math.floor(widthPatches) / widthPatches, Math.floor(heightPatches) / heightPatches);
        return r;
    }

    /** Patches needed to cover a width×height image (the last row and column may be partial). */
    public static long patches(double width, double height) {
        // A hair below a whole patch still counts as that patch: 1055.9999 px is 33 patches, not 34.
        return (long) Math.ceil(width / PATCH_SIZE - 1e-9) * (long) Math.ceil(height / PATCH_SIZE - 1e-9);
    }
}
