package dev.ledgerlens.render;

import dev.ledgerlens.failure.FailureReason;
import dev.ledgerlens.failure.LedgerlensException;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSStream;
import org.apache.pdfbox.filter.FlateFilterDecoderStream;
import org.apache.pdfbox.pdmodel.PDPage;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.Locale;

/**
 * The one memory bound on PDF decoding: how far one stream may decode, asked by {@link BoundedFilter} before and while
 * every PDFBox filter runs. PDFBox 3 decodes every stream whole into memory (page and form content, annotation
 * appearances, Type 3 glyphs, images, soft masks, fonts, colour profiles, CMaps, functions, object streams) and
 * offers no hook to bound it, so the filters themselves are wrapped.
 *
 * <ul>
 *   <li>An image (an image XObject, an inline image, a soft mask) may decode to twice the samples its dictionary
 *       declares, plus 1 MB; an image declaring more pixels than {@code ledgerlens.render.max-pixels} is refused
 *       before a byte is decoded. Its pixels are drawn from the declared size, so anything beyond it is a bomb.</li>
 *   <li>Any other stream may decode to {@link #MAX_STREAM_BYTES}.</li>
 * </ul>
 *
 * <p>One stream bypasses PDFBox's filters, a page content of a single Flate stream, and is counted by
 * {@link #countStreamedPageContent} instead.
 *
 * <p>A render binds one budget per document to its thread ({@link #enter}). PDFBox swallows some failures (a font
 * that cannot be loaded is replaced, an XObject that cannot be drawn is skipped), so the budget remembers the first
 * excess and the renderer refuses the document after each page ({@link #refuseIfExceeded}). Decoding outside a render
 * (anything else in this JVM that reads a PDF) gets the shipped limits.
 *
 * <p>Thread-safe: the limits are immutable; the first excess is kept in a volatile field.
 */
final class DecodeBudget {
    /**
     * 32 MB for a stream that is not an image: invoice and receipt pages need kilobytes of drawing instructions, a
     * dense vector drawing a few MB, a fully embedded CJK font about 20 MB. PDFBox holds the decoded stream in memory,
     * so this is also the most one stream can add to the heap.
     */
    static final long MAX_STREAM_BYTES = 32L << 20;
    /** Room beyond an image's declared samples: padded rows and stray bytes after the last row are common and harmless. */
    static final long IMAGE_SLACK_BYTES = 1L << 20;

    /**
     * The budget of the thread rendering a document. A thread-local because PDFBox's filters are one set per JVM and
     * are called deep inside PDFBox, with no way to pass the document's limits to them.
     */
    private static final ThreadLocal<DecodeBudget> CURRENT = new ThreadLocal<>();
    /** Outside a render: the shipped limits; nothing to remember, nobody to ask. */
    private static final DecodeBudget OUTSIDE_A_RENDER =
            new DecodeBudget(RenderSettings.DEFAULT_MAX_PIXELS, MAX_STREAM_BYTES, false);

    private final long maxPixels;
    private final long maxStreamBytes;
    private final boolean remembers;
    private volatile DecodeLimitExceeded firstExcess;

    /** @param maxPixels {@code ledgerlens.render.max-pixels}: the most pixels an image may declare */
    DecodeBudget(long maxPixels) {
        this(maxPixels, MAX_STREAM_BYTES, true);
    }

    DecodeBudget(long maxPixels, long maxStreamBytes, boolean remembers) {
        this.maxPixels = maxPixels;
        this.maxStreamBytes = maxStreamBytes;
        this.remembers = remembers;
    }

    /** The budget bound to the calling thread, or the shipped limits when no render bound one. */
    static DecodeBudget current() {
        DecodeBudget budget = CURRENT.get();
        return budget != null ? budget : OUTSIDE_A_RENDER;
    }

    /** A binding of a budget to a thread; closing it restores what was bound before. */
    interface Scope extends AutoCloseable {
        @Override
        void close();
    }

    /** Makes this the calling thread's budget until the returned scope is closed. */
    Scope enter() {
        DecodeBudget previous = CURRENT.get();
        CURRENT.set(this);
        return () -> {
            if (previous == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(previous);
            }
        };
    }

    /** Whether a failure inside a content stream must end the page rather than be logged and skipped, as PDFBox would. */
    static boolean endsThePage(IOException failure) {
        return failure instanceof DecodeLimitExceeded || failure instanceof InterruptedIOException;
    }

    /**
     * The most bytes filter number {@code index} of a stream with dictionary {@code parameters} may write.
     *
     * @throws DecodeLimitExceeded when the stream is an image declaring more pixels than the cap
     */
    long limit(COSDictionary parameters, int index) throws DecodeLimitExceeded {
        DeclaredImage image = DeclaredImage.of(parameters);
        if (image == null) {
            return maxStreamBytes;
        }
        refuseIfMorePixels(image.width(), image.height(), "declares");
        long imageLimit = 2 * image.sampleBytes() + IMAGE_SLACK_BYTES;
        boolean lastFilter = index >= filterCount(parameters) - 1;
        // an earlier filter of a chain writes still-encoded data, which may be larger than the samples of a small image
        return lastFilter ? imageLimit : Math.max(maxStreamBytes, imageLimit);
    }

    /** @throws DecodeLimitExceeded when {@code width × height} is over {@code ledgerlens.render.max-pixels} */
    void refuseIfMorePixels(long width, long height, String how) throws DecodeLimitExceeded {
        if (width * height > maxPixels) {
            throw exceeded(String.format(Locale.ROOT, "an image that %s %d×%d px (%.1f megapixels), more than"
                    + " ledgerlens.render.max-pixels = %d", how, width, height, width * height / 1e6, maxPixels));
        }
    }

    /**
     * Counts the one stream PDFBox 3.0 decodes without its filters: a page whose {@code /Contents} is a single
     * FlateDecode stream is parsed straight from an inflater ({@code PDPage.getContentsForStreamParsing}). That costs
     * no memory, but no filter sees it either: 1 GB of blanks there keeps the parser busy for 15 s between two
     * operators, where no deadline check is made. It is inflated and counted here, to the same limit as any stream,
     * without keeping a byte, before the page is drawn.
     *
     * @throws DecodeLimitExceeded when it decodes to more than {@link #MAX_STREAM_BYTES}
     */
    void countStreamedPageContent(PDPage page) throws IOException {
        COSStream contents = page.getCOSObject().getCOSStream(COSName.CONTENTS);
        if (contents == null || !COSName.FLATE_DECODE.equals(contents.getFilters())) {
            return; // every other page content is decoded through the (bounded) filters
        }
        byte[] buffer = new byte[64 * 1024];
        long decoded = 0;
        try (InputStream in = new FlateFilterDecoderStream(contents.createRawInputStream())) {
            int read;
            while ((read = in.read(buffer)) != -1) {
                Abandonment.check();
                decoded += read;
                if (decoded > maxStreamBytes) {
                    throw exceeded(String.format(Locale.ROOT, "drawing instructions that decode to more than %d MB",
                            maxStreamBytes >> 20));
                }
            }
        } catch (IOException e) {
            if (endsThePage(e)) {
                throw e;
            }
            // damaged deflate data: PDFBox parses what it can and reports the rest; not a size question
        }
    }

    /** What the stream is, for the message when it goes over {@code limit}. */
    String describeExcess(COSDictionary parameters, long limit) {
        DeclaredImage image = DeclaredImage.of(parameters);
        if (image == null) {
            return String.format(Locale.ROOT, "a stream (page or form content, font, colour profile) that decodes to"
                    + " more than %d MB", limit >> 20);
        }
        return String.format(Locale.ROOT, "an image declared %d×%d px (%,d bytes of samples) whose data decodes to"
                + " more than %,d bytes", image.width(), image.height(), image.sampleBytes(), limit);
    }

    /** A new excess with {@code what} went over; remembered when it is the document's first. */
    DecodeLimitExceeded exceeded(String what) {
        DecodeLimitExceeded excess = new DecodeLimitExceeded(what);
        if (remembers && firstExcess == null) {
            firstExcess = excess;
        }
        return excess;
    }

    /**
     * Refuses the document when any of its streams went over the budget, even where PDFBox caught the failure and
     * went on (a replaced font, a skipped image).
     *
     * @param pageNumber the page being rendered, 0 while the document is opened
     * @throws LedgerlensException TOO_LARGE naming what went over
     */
    void refuseIfExceeded(String fileName, int pageNumber) {
        DecodeLimitExceeded excess = firstExcess;
        if (excess != null) {
            throw new LedgerlensException(FailureReason.TOO_LARGE, "'" + fileName + "'"
                    + (pageNumber > 0 ? " page " + pageNumber : "") + " holds " + excess.getMessage()
                    + " (a decompression bomb, or more than any receipt or invoice needs)", excess);
        }
    }

    private static int filterCount(COSDictionary parameters) {
        COSBase filters = parameters.getDictionaryObject(COSName.F, COSName.FILTER);
        return filters instanceof COSArray array ? array.size() : 1;
    }

    /**
     * The size an image's dictionary declares (an image XObject or soft mask: {@code /Subtype /Image}; an inline
     * image: {@code /W} and {@code /H} without a type).
     */
    record DeclaredImage(long width, long height, int bitsPerComponent, int components) {
        /** Colour components assumed when the colour space does not say (a named resource, JPX without one). */
        private static final int MOST_COMPONENTS = 4;

        static DeclaredImage of(COSDictionary parameters) {
            boolean xobject = COSName.IMAGE.equals(parameters.getCOSName(COSName.SUBTYPE));
            boolean inline = parameters.getCOSName(COSName.SUBTYPE) == null && parameters.getCOSName(COSName.TYPE) == null
                    && parameters.containsKey(COSName.W) && parameters.containsKey(COSName.H);
            if (!xobject && !inline) {
                return null;
            }
            long width = Math.max(0, parameters.getInt(COSName.W, COSName.WIDTH, 0));
            long height = Math.max(0, parameters.getInt(COSName.H, COSName.HEIGHT, 0));
            if (parameters.getBoolean(COSName.IM, COSName.IMAGE_MASK, false)) {
                return new DeclaredImage(width, height, 1, 1);
            }
            int bits = parameters.getInt(COSName.BPC, COSName.BITS_PER_COMPONENT, 8);
            bits = bits < 1 || bits > 16 ? 16 : bits;
            return new DeclaredImage(width, height, bits,
                    components(parameters.getDictionaryObject(COSName.CS, COSName.COLORSPACE)));
        }

        /** Bytes of samples: whole bytes per row, times the rows. */
        long sampleBytes() {
            return (width * components * bitsPerComponent + 7) / 8 * height;
        }

        private static int components(COSBase colorSpace) {
            if (colorSpace instanceof COSName name) {
                return componentsOf(name);
            }
            if (colorSpace instanceof COSArray array && array.size() > 0 && array.getObject(0) instanceof COSName family) {
                if (COSName.ICCBASED.equals(family) && array.size() > 1 && array.getObject(1) instanceof COSStream profile) {
                    return Math.min(Math.max(profile.getInt(COSName.N, MOST_COMPONENTS), 1), MOST_COMPONENTS);
                }
                if (COSName.DEVICEN.equals(family) && array.size() > 1 && array.getObject(1) instanceof COSArray names) {
                    return Math.min(Math.max(names.size(), 1), 32);
                }
                return componentsOf(family);
            }
            return MOST_COMPONENTS;
        }

        private static int componentsOf(COSName name) {
            String value = name.getName();
            return switch (value) {
                case "DeviceGray", "G", "CalGray", "Indexed", "I", "Separation" -> 1;
                case "DeviceRGB", "RGB", "CalRGB", "Lab" -> 3;
                default -> MOST_COMPONENTS;
            };
        }
    }
}
