package dev.ledgerlens.render;

import java.nio.file.Path;

/**
 * One page, rendered and encoded to a file at the size its engine asked for.
 * Pages are kept on disk, not in the heap, so that long documents never hold every page in memory.
 *
 * @param pageNumber 1-based
 * @param image      the encoded page image (PNG or JPEG)
 * @param mediaType  {@code image/png} or {@code image/jpeg}
 * @param width      pixels
 * @param height     pixels
 * @param textLayer  the PDF's text layer for this page, or {@code null} when it has none
 */
public record RenderedPage(int pageNumber, Path image, String mediaType, int width, int height, TextLayer textLayer) {
    public boolean hasTextLayer() {
        return textLayer != null && !textLayer.isBlank();
    }
}
