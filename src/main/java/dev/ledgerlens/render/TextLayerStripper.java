package dev.ledgerlens.render;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.pdfbox.text.TextPosition;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads one PDF page's text layer: the text in reading order plus every word's box, mapped from PDF points
 * into the pixels of the rendered page image so that words line up with what the model or a reviewer sees.
 * Not thread-safe (PDFBox's stripper keeps per-page state): one instance per document being rendered.
 */
final class TextLayerStripper extends PDFTextStripper {
    private final List<Word> words = new ArrayList<>();
    private double pixelsPerPointX;
    private double pixelsPerPointY;

    TextLayerStripper() {
        setSortByPosition(true); // invoices put fields side by side; sort by position for top-to-bottom lines
        setLineSeparator("\n");
        setWordSeparator(" ");
    }

    /**
     * The text layer of page {@code pageIndex} (0-based), with word boxes scaled by the given pixels per point
     * (output width ÷ page width in points, the same for height); {@code null} when the page has no text.
     */
    TextLayer strip(PDDocument document, int pageIndex, double pixelsPerPointX, double pixelsPerPointY)
            throws IOException {
        this.words.clear();
        this.pixelsPerPointX = pixelsPerPointX;
        this.pixelsPerPointY = pixelsPerPointY;
        setStartPage(pageIndex + 1);
        setEndPage(pageIndex + 1);
        String text = getText(document).strip();
        if (text.isEmpty()) {
            return null;
        }
        return new TextLayer(text, List.copyOf(words), TextLayer.Origin.PDF_TEXT);
    }

    /** Called per word group of a line; split further on spaces, since PDFs often draw a whole line as one string. */
    @Override
    protected void writeString(String text, List<TextPosition> positions) throws IOException {
        List<TextPosition> current = new ArrayList<>();
        for (TextPosition position : positions) {
            if (position.getUnicode() == null || position.getUnicode().isBlank()) {
                addWord(current);
                current = new ArrayList<>();
            } else {
                current.add(position);
            }
        }
        addWord(current);
        super.writeString(text, positions);
    }

    private void addWord(List<TextPosition> glyphs) {
        if (glyphs.isEmpty()) {
            return;
        }
        StringBuilder text = new StringBuilder();
        double left = Double.MAX_VALUE;
        double right = -Double.MAX_VALUE;
        double top = Double.MAX_VALUE;
        double bottom = -Double.MAX_VALUE;
        for (TextPosition glyph : glyphs) {
            text.append(glyph.getUnicode());
            // getX/getY are already turned for the page's /Rotate and measured from the crop box's top-left;
            // getY is the baseline, so the glyph box spans [y - height, y].
            left = Math.min(left, glyph.getX());
            right = Math.max(right, glyph.getX() + glyph.getWidth());
            top = Math.min(top, glyph.getY() - glyph.getHeight());
            bottom = Math.max(bottom, glyph.getY());
        }
        int x = (int) Math.floor(left * pixelsPerPointX);
        int y = (int) Math.floor(top * pixelsPerPointY);
        int width = Math.max(1, (int) Math.ceil(right * pixelsPerPointX) - x);
        int height = Math.max(1, (int) Math.ceil(bottom * pixelsPerPointY) - y);
        words.add(new Word(text.toString(), x, y, width, height, 100f));
    }
}
