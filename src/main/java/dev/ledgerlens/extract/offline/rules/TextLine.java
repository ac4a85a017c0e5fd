package dev.ledgerlens.extract.offline.rules;

/**
 * One printed row of a page: the words that share a baseline, left to right, joined by single spaces.
 * A receipt row like "TOTAL ........ 9.00" is one line even when OCR saw two separate text blocks.
 * Immutable and thread-safe.
 *
 * @param text       the row's words joined by single spaces
 * @param page       1-based page number
 * @param top        top edge, page pixels corrected for the page's skew (a running index when positions are unknown)
 * @param bottom     bottom edge, page pixels
 * @param left       left edge, page pixels
 * @param right      right edge, page pixels
 * @param confidence mean word confidence 0..1 (1 for a PDF text layer)
 * @param cells      the row split where words stand far apart (an invoice's left block and its right-hand
 *                   "Invoice no:" column, a receipt's label and its amount); one cell when there is no wide gap
 */
public record TextLine(String text, int page, int top, int bottom, int left, int right, double confidence,
                       java.util.List<String> cells) {
    public TextLine {
        cells = cells == null || cells.isEmpty() ? java.util.List.of(text) : java.util.List.copyOf(cells);
    }

    public TextLine(String text, int page, int top, int bottom, int left, int right, double confidence) {
        this(text, page, top, bottom, left, right, confidence, null);
    }

    public int height() {
        return Math.max(1, bottom - top);
    }
}
