package dev.ledgerlens.extract.offline;

/**
 * One printed row of a page: the words that share a baseline, left to right, joined by single spaces.
 * A receipt row like "TOTAL ........ 9.00" is one line even when OCR saw two separate text blocks.
 *
 * @param text       the row's words joined by single spaces
 * @param page       1-based page number
 * @param top        top edge, page pixels corrected for the page's skew (a running index when positions are unknown)
 * @param bottom     bottom edge, page pixels
 * @param left       left edge, page pixels
 * @param right      right edge, page pixels
 * @param confidence mean word confidence 0..1 (1 for a PDF text layer)
 */
public record TextLine(String text, int page, int top, int bottom, int left, int right, double confidence) {
    public int height() {
        return Math.max(1, bottom - top);
    }
}
