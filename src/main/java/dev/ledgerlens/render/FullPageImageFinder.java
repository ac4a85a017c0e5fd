package dev.ledgerlens.render;

import org.apache.pdfbox.contentstream.PDFStreamEngine;
import org.apache.pdfbox.contentstream.operator.Operator;
import org.apache.pdfbox.contentstream.operator.state.Concatenate;
import org.apache.pdfbox.contentstream.operator.state.Restore;
import org.apache.pdfbox.contentstream.operator.state.Save;
import org.apache.pdfbox.contentstream.operator.state.SetMatrix;
import org.apache.pdfbox.contentstream.operator.text.SetTextRenderingMode;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.graphics.PDXObject;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.apache.pdfbox.pdmodel.graphics.state.RenderingMode;
import org.apache.pdfbox.util.Matrix;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Recognises a scanned page: one embedded image drawn upright over (nearly) the whole page and nothing
 * else visible: no other image or form, no painted path, no visible text, no annotation. Such a page is
 * cheaper to take out of the PDF and scale than to rasterise (PDFBox needs 0.6–1 s and hundreds of MB per
 * scanned page at 150 DPI). Anything drawn over the scan must keep the page on the rasterising path:
 * a black box over a scan is a redaction, and dropping it would send the redacted text to the model.
 * Invisible text (render mode 3, the OCR layer of a "searchable" scan) does not count.
 * Not thread-safe (a content-stream engine with per-page state): one instance per page.
 */
final class FullPageImageFinder extends PDFStreamEngine {
    /** An image must span this share of the page in both directions to count as the page (scanners leave margins of a few px). */
    static final double MIN_COVERAGE = 0.95;

    /** Operators that paint paths or shadings, or clip (a clip can hide part of the scan, like a crop). */
    private static final Set<String> PAINTING = Set.of("f", "F", "f*", "S", "s", "B", "B*", "b", "b*", "sh", "W", "W*");
    /** Operators that show text. */
    private static final Set<String> SHOWING_TEXT = Set.of("Tj", "TJ", "'", "\"");

    private PDImageXObject image;
    private Matrix imageMatrix;
    private int drawnObjects;
    private boolean otherContent;

    FullPageImageFinder() {
        addOperator(new Concatenate(this));
        addOperator(new Save(this));
        addOperator(new Restore(this));
        addOperator(new SetMatrix(this));
        addOperator(new SetTextRenderingMode(this));
    }

    /** The page's single full-page image, or empty when the page must be rasterised. */
    Optional<PDImageXObject> find(PDPage page) throws IOException {
        if (page.getRotation() % 360 != 0) {
            return Optional.empty(); // the image would need turning as well; rasterising handles /Rotate already
        }
        if (!page.getAnnotations().isEmpty()) {
            return Optional.empty(); // stamps, filled-in form fields, sticky notes: only the rasteriser draws them
        }
        processPage(page);
        if (otherContent || drawnObjects != 1 || image == null || image.isStencil() || image.getSoftMask() != null
                || image.getMask() != null || image.getColorKeyMask() != null) {
            return Optional.empty();
        }
        Matrix m = imageMatrix;
        if (m.getShearX() != 0 || m.getShearY() != 0 || m.getScaleX() <= 0 || m.getScaleY() <= 0) {
            return Optional.empty(); // rotated or mirrored placement
        }
        PDRectangle crop = page.getCropBox();
        double left = Math.max(m.getTranslateX(), crop.getLowerLeftX());
        double bottom = Math.max(m.getTranslateY(), crop.getLowerLeftY());
        double right = Math.min(m.getTranslateX() + m.getScaleX(), crop.getUpperRightX());
        double top = Math.min(m.getTranslateY() + m.getScaleY(), crop.getUpperRightY());
        boolean coversPage = right - left >= MIN_COVERAGE * crop.getWidth()
                && top - bottom >= MIN_COVERAGE * crop.getHeight();
        return coversPage ? Optional.of(image) : Optional.empty();
    }

    /** Stops within one operator when the document was abandoned at its render deadline (a page of millions of them). */
    @Override
    protected void processOperator(Operator operator, List<COSBase> operands) throws IOException {
        Abandonment.check();
        String name = operator.getName();
        if ("Do".equals(name) && !operands.isEmpty() && operands.get(0) instanceof COSName objectName) {
            PDXObject object = getResources() == null ? null : getResources().getXObject(objectName);
            drawnObjects++;
            if (object instanceof PDImageXObject drawn) {
                image = drawn;
                imageMatrix = getGraphicsState().getCurrentTransformationMatrix().clone();
            }
            // a form XObject counts as another drawn object: its content could be anything
            return;
        }
        if ("BI".equals(name)) {
            drawnObjects++; // an inline image next to (or instead of) the scan
            return;
        }
        if (PAINTING.contains(name)) {
            otherContent = true;
            return;
        }
        if (SHOWING_TEXT.contains(name)) {
            RenderingMode mode = getGraphicsState().getTextState().getRenderingMode();
            if (mode != RenderingMode.NEITHER && mode != RenderingMode.NEITHER_CLIP) {
                otherContent = true;
            }
            return;
        }
        super.processOperator(operator, operands);
    }

    /** A stream over its decode budget ends the page; PDFBox would log a failed operator and go on. */
    @Override
    protected void operatorException(Operator operator, List<COSBase> operands, IOException e) throws IOException {
        if (DecodeBudget.endsThePage(e)) {
            throw e;
        }
        super.operatorException(operator, operands, e);
    }
}
