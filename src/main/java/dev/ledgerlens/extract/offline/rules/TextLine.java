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
 * @param spans      where each cell stands across the page (one per cell, same order), so that a value can be
 *                   found under its column header; the row's own extent per cell when positions are unknown
 */
public record TextLine(String text, int page, int top, int bottom, int left, int right, double confidence,
                       java.util.List<String> cells, java.util.List<Span> spans) {
    public TextLine {
        cells = cells == null || cells.isEmpty() ? java.util.List.of(text) : java.util.List.copyOf(cells);
        spans = spans == null || spans.size() != cells.size()
                ? java.util.Collections.nCopies(cells.size(), new Span(left, right)) : java.util.List.copyOf(spans);
    }

    public TextLine(String text, int page, int top, int bottom, int left, int right, double confidence,
                    java.util.List<String> cells) {
        this(text, page, top, bottom, left, right, confidence, cells, null);
    }

    public TextLine(String text, int page, int top, int bottom, int left, int right, double confidence) {
        this(text, page, top, bottom, left, right, confidence, null, null);
    }

    /** Where a cell starts and ends across the page, in the page's pixels. */
    public record Span(int left, int right) {
        /** How much of the narrower of the two spans the other covers, 0..1. */
        public double overlap(Span other) {
            int shared = Math.min(right, other.right) - Math.max(left, other.left);
            return shared <= 0 ? 0 : (double) shared / Math.max(1, Math.min(right - left, other.right - other.left));
        }

        /**
         * Whether this cell stands in {@code column} on a row {@code height} px high: it starts within three row heights
         * of the column's left edge, or covers more than half of it (a block such as a customer's address read down
         * its column).
         */
        public boolean standsIn(Span column, int height) {
            return Math.abs(left - column.left) <= 3 * height || overlap(column) > 0.5;
        }
    }

    public int height() {
        return Math.max(1, bottom - top);
    }
}
