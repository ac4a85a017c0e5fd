package dev.ledgerlens.render;

import dev.ledgerlens.failure.FailureReason;
import dev.ledgerlens.failure.LedgerlensException;
import dev.ledgerlens.ingest.SourceDocument;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.io.IOUtils;
import org.apache.pdfbox.io.RandomAccessReadBufferedFile;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDResources;
import org.apache.pdfbox.pdmodel.graphics.PDXObject;
import org.apache.pdfbox.pdmodel.graphics.form.PDFormXObject;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;
import org.apache.pdfbox.pdmodel.graphics.color.PDColorSpace;
import org.apache.pdfbox.pdmodel.graphics.color.PDDeviceGray;
import org.apache.pdfbox.pdmodel.graphics.color.PDDeviceRGB;
import org.apache.pdfbox.pdmodel.graphics.color.PDICCBased;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.rendering.PageDrawer;
import org.apache.pdfbox.rendering.PageDrawerParameters;
import org.apache.pdfbox.contentstream.operator.Operator;

import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import java.awt.image.BufferedImage;
import java.io.InputStream;
import java.util.Iterator;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.Optional;

/**
 * Renders a PDF page by page with PDFBox 3: scanned pages by taking out their image, other pages by
 * rasterising at the DPI that yields the spec's size directly. Keeps each page's text layer. Every stream of the
 * document decodes within one {@link DecodeBudget}, bound to the rendering thread for the whole call.
 * Thread-safe: all PDFBox state lives inside one {@link #render} call.
 */
final class PdfPageRenderer {
    /** How far from the end a {@code %%EOF} marker may sit; writers pad with blank lines or NULs, rarely more than this. */
    static final int EOF_MARKER_WINDOW = 4096;

    private final RenderSettings settings;
    private final PageEncoder encoder;

    PdfPageRenderer(RenderSettings settings, PageEncoder encoder) {
        this.settings = settings;
        this.encoder = encoder;
    }

    RenderedDocument render(SourceDocument source, PageSpec spec, Path folder) {
        String name = source.fileName();
        DecodeBudget budget = new DecodeBudget(settings.maxPixels());
        int pageNumber = 0;
        try (DecodeBudget.Scope scope = budget.enter(); PDDocument pdf = open(source, budget)) {
            int pageCount = pdf.getNumberOfPages();
            budget.refuseIfExceeded(name, 0);
            if (pageCount == 0) {
                throw new LedgerlensException(FailureReason.CORRUPT_DOCUMENT,
                        "'" + name + "' is a PDF without pages (damaged page tree)");
            }
            if (pageCount > settings.maxPages()) {
                throw new LedgerlensException(FailureReason.PAGE_LIMIT, "'" + name + "' has " + pageCount
                        + " pages, more than ledgerlens.render.max-pages = " + settings.maxPages());
            }
            PDFRenderer renderer = new AbandonablePdfRenderer(pdf);
            // Draw big embedded images from a subsampled copy when the page is rendered smaller than they are.
            renderer.setSubsamplingAllowed(true);
            TextLayerStripper stripper = new TextLayerStripper();
            List<RenderedPage> pages = new ArrayList<>(pageCount);
            RenderDeadline deadline = RenderDeadline.start(settings.timeout());
            // the attachments first: a PDF that claims to carry an invoice but carries a broken one fails before its pages cost anything
            InvoiceXml invoice = new InvoiceAttachmentFinder(settings.maxInvoiceXmlBytes()).find(pdf, name, folder).orElse(null);
            for (int index = 0; index < pageCount; index++) {
                pageNumber = index + 1;
                pages.add(renderPage(pdf, renderer, stripper, index, spec, folder, name));
                // PDFBox replaces a font it cannot load and skips an XObject it cannot draw: a bomb there ends nothing
                budget.refuseIfExceeded(name, pageNumber);
                deadline.check(name, index + 1, pageCount);
            }
            return new RenderedDocument(source, DocumentType.PDF, pageCount, pages, invoice);
        } catch (IOException e) {
            budget.refuseIfExceeded(name, pageNumber);
            throw new LedgerlensException(FailureReason.CORRUPT_DOCUMENT,
                    "'" + name + "' is a damaged PDF: " + e.getMessage(), e);
        } catch (LedgerlensException e) {
            throw e;
        } catch (RuntimeException e) {
            budget.refuseIfExceeded(name, pageNumber);
            // PDFBox reports some malformed structures (wrong object types, bad numbers) with runtime exceptions;
            // the class name stays in the message so that a defect of ours would still be recognisable.
            throw new LedgerlensException(FailureReason.CORRUPT_DOCUMENT,
                    "'" + name + "' is a damaged PDF: " + e, e);
        }
    }

    private PDDocument open(SourceDocument source, DecodeBudget budget) throws IOException {
        Path file = source.content();
        if (!endsWithEofMarker(file)) {
            throw new LedgerlensException(FailureReason.CORRUPT_DOCUMENT, "'" + source.fileName()
                    + "' is a truncated PDF: it does not end with %%EOF (incomplete download or copy?)");
        }
        RandomAccessReadBufferedFile input = new RandomAccessReadBufferedFile(file);
        try {
            // Temp-file stream cache: decoded streams of a 200-page scan do not fit in a small heap.
            return Loader.loadPDF(input, "", null, null, IOUtils.createTempFileOnlyStreamCache());
        } catch (InvalidPasswordException e) {
            input.close();
            throw new LedgerlensException(FailureReason.ENCRYPTED_DOCUMENT, "'" + source.fileName()
                    + "' is protected by a password that is needed to open it; send an unprotected copy", e);
        } catch (IOException | RuntimeException e) {
            input.close();
            budget.refuseIfExceeded(source.fileName(), 0); // a bomb in an object or cross-reference stream
            throw new LedgerlensException(FailureReason.CORRUPT_DOCUMENT,
                    "'" + source.fileName() + "' is not a readable PDF: " + e.getMessage(), e);
        }
    }

    /**
     * A PDF is written front to back and closed by {@code %%EOF}; without one in the last few KB the file was
     * cut short. PDFBox would otherwise rebuild what it can and silently lose the missing pages.
     */
    static boolean endsWithEofMarker(Path file) throws IOException {
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            long length = in.length();
            int window = (int) Math.min(EOF_MARKER_WINDOW, length);
            byte[] tail = new byte[window];
            in.seek(length - window);
            in.readFully(tail);
            return new String(tail, StandardCharsets.ISO_8859_1).contains("%%EOF");
        }
    }

    private RenderedPage renderPage(PDDocument pdf, PDFRenderer renderer, TextLayerStripper stripper, int index,
                                    PageSpec spec, Path folder, String name) throws IOException {
        PDPage page = pdf.getPage(index);
        PDRectangle crop = page.getCropBox();
        boolean turned = page.getRotation() % 180 != 0;
        double widthPt = turned ? crop.getHeight() : crop.getWidth();
        double heightPt = turned ? crop.getWidth() : crop.getHeight();
        int fullWidth = (int) Math.round(widthPt / 72.0 * spec.dpi());
        int fullHeight = (int) Math.round(heightPt / 72.0 * spec.dpi());
        int[] size = PageEncoder.fittedSize(fullWidth, fullHeight, spec, settings.maxPixels());

        DecodeBudget.current().countStreamedPageContent(page); // the one stream PDFBox decodes without its filters
        refuseOversizedImages(page.getResources(), name, index, 0, new HashSet<>());
        BufferedImage image;
        Optional<PDImageXObject> scan = new FullPageImageFinder().find(page);
        if (scan.isPresent()) {
            image = extractScan(scan.get(), size, spec.grayscale(), name, index);
        } else {
            // Pixels per point that land on the target size: PDFBox floors width·scale in float arithmetic,
            // so aim half a pixel above the target rather than at it (612 pt · 200/72 gives 1699, not 1700).
            float scale = (float) Math.min((size[0] + 0.5) / widthPt, (size[1] + 0.5) / heightPt);
            image = renderer.renderImage(index, scale, spec.grayscale() ? ImageType.GRAY : ImageType.RGB);
            // PDFBox floors each side on its own; keep the spec's bound exact if rounding went one pixel over.
            if (image.getWidth() > size[0] || image.getHeight() > size[1]) {
                image = PageEncoder.fit(image, 1, Math.min(size[0], image.getWidth()),
                        Math.min(size[1], image.getHeight()), spec.grayscale());
            }
        }
        TextLayer text = stripper.strip(pdf, index, new TextLayerStripper.PageGeometry(crop.getWidth(), crop.getHeight(),
                page.getRotation(), image.getWidth(), image.getHeight()));
        return encoder.write(image, index + 1, spec, folder, text);
    }

    /**
     * PDFBox's renderer with a check before each content-stream operator (an abandoned page stops drawing) and no
     * forgiveness for a stream over its decode budget.
     */
    private static final class AbandonablePdfRenderer extends PDFRenderer {
        AbandonablePdfRenderer(PDDocument pdf) {
            super(pdf);
        }

        @Override
        protected PageDrawer createPageDrawer(PageDrawerParameters parameters) throws IOException {
            return new PageDrawer(parameters) {
                @Override
                protected void processOperator(Operator operator, List<COSBase> operands) throws IOException {
                    Abandonment.check();
                    super.processOperator(operator, operands);
                }

                @Override
                protected void operatorException(Operator operator, List<COSBase> operands, IOException e)
                        throws IOException {
                    if (DecodeBudget.endsThePage(e)) {
                        throw e; // PDFBox would log a failed 'Do' and draw on
                    }
                    super.operatorException(operator, operands, e);
                }
            };
        }
    }

    /** Form XObjects nest; deeper than this is a crafted file, and its images are not looked at (nor drawn large). */
    private static final int MAX_FORM_DEPTH = 16;

    /**
     * Fails with TOO_LARGE when an image the page uses declares more than {@code ledgerlens.render.max-pixels}
     * pixels. Width and height come from the image's dictionary, so a 50000×50000 image compressed into a few
     * hundred KB is refused before a byte of it is inflated; forms are searched too, each once (cycles).
     */
    private void refuseOversizedImages(PDResources resources, String name, int index, int depth, Set<COSBase> seen)
            throws IOException {
        if (resources == null || depth > MAX_FORM_DEPTH || !seen.add(resources.getCOSObject())) {
            return;
        }
        for (COSName objectName : resources.getXObjectNames()) {
            PDXObject object = resources.getXObject(objectName);
            if (object instanceof PDImageXObject embedded) {
                long pixels = (long) embedded.getWidth() * embedded.getHeight();
                if (pixels > settings.maxPixels()) {
                    throw new LedgerlensException(FailureReason.TOO_LARGE, String.format(java.util.Locale.ROOT,
                            "'%s' page %d embeds an image of %d×%d px (%.1f megapixels), more than"
                                    + " ledgerlens.render.max-pixels = %d", name, index + 1, embedded.getWidth(),
                            embedded.getHeight(), pixels / 1e6, settings.maxPixels()));
                }
            } else if (object instanceof PDFormXObject form) {
                refuseOversizedImages(form.getResources(), name, index, depth + 1, seen);
            }
        }
    }

    /** The scan at the page's target size, decoded subsampled when it is much larger; never enlarged. */
    private static BufferedImage extractScan(PDImageXObject scan, int[] target, boolean grayscale, String name,
                                             int index) throws IOException {
        int width = target[0];
        int height = target[1];
        if (scan.getWidth() < width) {
            // a low-resolution scan: keep its pixels rather than invent more
            height = Math.max(1, (int) Math.round((double) height * scan.getWidth() / width));
            width = scan.getWidth();
        }
        int subsampling = Math.max(1, Math.min(scan.getWidth() / width, scan.getHeight() / Math.max(1, height)));
        BufferedImage decoded = isPlainJpeg(scan) ? decodeJpeg(scan, subsampling) : null;
        if (decoded == null) {
            decoded = scan.getImage(null, subsampling);
        }
        if (decoded == null) {
            throw new LedgerlensException(FailureReason.CORRUPT_DOCUMENT,
                    "'" + name + "' page " + (index + 1) + " holds an image that cannot be decoded");
        }
        return PageEncoder.fit(decoded, 1, width, height, grayscale);
    }

    /**
     * A JPEG in grey or RGB with nothing PDF-specific on top (no Decode array, no other filters): the bytes are
     * a plain JPEG file, and ImageIO decodes them 4–5× faster than PDFBox's sample-by-sample colour conversion
     * (measured 45–65 ms against 240–300 ms for a 300 DPI A4 page).
     */
    private static boolean isPlainJpeg(PDImageXObject image) throws IOException {
        List<COSName> filters = image.getStream().getFilters();
        if (filters.size() != 1 || !COSName.DCT_DECODE.equals(filters.get(0))
                || image.getDecode() != null || image.getBitsPerComponent() != 8) {
            return false;
        }
        PDColorSpace colorSpace = image.getColorSpace();
        return colorSpace instanceof PDDeviceRGB || colorSpace instanceof PDDeviceGray
                || (colorSpace instanceof PDICCBased icc && icc.getNumberOfComponents() != 4);
    }

    /** The JPEG decoded by ImageIO, or null when ImageIO cannot (Adobe CMYK and other exotic JPEGs PDFBox handles). */
    private static BufferedImage decodeJpeg(PDImageXObject image, int subsampling) throws IOException {
        Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName("jpeg");
        if (!readers.hasNext()) {
            return null;
        }
        ImageReader reader = readers.next();
        try (InputStream raw = image.getCOSObject().createRawInputStream();
             ImageInputStream input = new MemoryCacheImageInputStream(raw)) {
            reader.setInput(input, true, true);
            ImageReadParam param = reader.getDefaultReadParam();
            param.setSourceSubsampling(subsampling, subsampling, 0, 0);
            return reader.read(0, param);
        } catch (IOException e) {
            return null; // fall back to PDFBox's decoder, which knows more JPEG variants
        } finally {
            reader.dispose();
        }
    }
}
