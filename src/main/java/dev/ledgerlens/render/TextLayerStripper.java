package dev.ledgerlens.render;

import org.apache.pdfbox.contentstream.operator.Operator;
import org.apache.pdfbox.cos.COSBase;
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
    private PageGeometry geometry;

    TextLayerStripper() {
        setSortByPosition(true); // invoices put fields side by side; sort by position for top-to-bottom lines
        setLineSeparator("\n");
        setWordSeparator(" ");
    }

    /** Stops within one operator when the document was abandoned at its render deadline. */
    @Override
    protected void processOperator(Operator operator, List<COSBase> operands) throws IOException {
        Abandonment.check();
        super.processOperator(operator, operands);
    }

    /** A stream over its decode budget ends the page; PDFBox would log a failed 'Do' and go on. */
    @Override
    protected void operatorException(Operator operator, List<COSBase> operands, IOException e) throws IOException {
        if (DecodeBudget.endsThePage(e)) {
            throw e;
        }
        super.operatorException(operator, operands, e);
    }

    /**
     * How the page's user space maps onto the rendered image: the crop box size in points, the page's
     * /Rotate (clockwise, as displayed) and the image size in pixels.
     */
    record PageGeometry(double cropWidth, double cropHeight, int rotation, int imageWidth, int imageHeight) {
        /** Image pixel of a point given in crop-box user space (origin lower left, y up). */
        double[] toPixels(double x, double y) {
            double u = x;
            double v = cropHeight - y; // y down, as in the image
            double[] display = switch (Math.floorMod(rotation, 360)) {
                case 90 -> new double[] {cropHeight - v, u};
                case 180 -> new double[] {cropWidth - u, cropHeight - v};
                case 270 -> new double[] {v, cropWidth - u};
                default -> new double[] {u, v};
            };
            boolean turned = Math.floorMod(rotation, 180) != 0;
            double displayWidth = turned ? cropHeight : cropWidth;
            double displayHeight = turned ? cropWidth : cropHeight;
            return new double[] {display[0] * imageWidth / displayWidth, display[1] * imageHeight / displayHeight};
        }
    }

    /** The text layer of page {@code pageIndex} (0-based) with word boxes in the rendered image's pixels; {@code null} when the page has no text. */
    TextLayer strip(PDDocument document, int pageIndex, PageGeometry geometry) throws IOException {
        this.words.clear();
        this.geometry = geometry;
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
            // The glyph box in crop-box user space: its baseline from the text matrix origin to (endX, endY),
            // raised by the glyph height at right angles to the baseline. Working from the unrotated matrix and
            // turning the corners ourselves handles /Rotate pages and vertical text alike.
            double startX = glyph.getTextMatrix().getTranslateX();
            double startY = glyph.getTextMatrix().getTranslateY();
            double endX = glyph.getEndX();
            double endY = glyph.getEndY();
            double length = Math.hypot(endX - startX, endY - startY);
            double dirX = length == 0 ? 1 : (endX - startX) / length;
            double dirY = length == 0 ? 0 : (endY - startY) / length;
            double height = glyph.getHeight();
            double[][] corners = {
                    {startX, startY}, {endX, endY},
                    {startX - dirY * height, startY + dirX * height}, {endX - dirY * height, endY + dirX * height}};
            for (double[] corner : corners) {
                double[] pixel = geometry.toPixels(corner[0], corner[1]);
                left = Math.min(left, pixel[0]);
                right = Math.max(right, pixel[0]);
                top = Math.min(top, pixel[1]);
                bottom = Math.max(bottom, pixel[1]);
            }
        }
        // Text outside the crop box is not on the image; keep the rest clamped to it.
        left = Math.max(0, left);
        top = Math.max(0, top);
        right = Math.min(geometry.imageWidth(), right);
        bottom = Math.min(geometry.imageHeight(), bottom);
        if (right <= left || bottom <= top) {
            return;
        }
        int x = (int) Math.floor(left);
        int y = (int) Math.floor(top);
        int width = Math.max(1, (int) Math.ceil(right) - x);
        int height = Math.max(1, (int) Math.ceil(bottom) - y);
        words.add(new Word(text.toString(), x, y, width, height, 100f));
    }
}
