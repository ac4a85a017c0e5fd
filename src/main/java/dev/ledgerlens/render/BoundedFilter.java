package dev.ledgerlens.render;

import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.filter.DecodeOptions;
import org.apache.pdfbox.filter.DecodeResult;
import org.apache.pdfbox.filter.Filter;
import org.apache.pdfbox.filter.FilterFactory;

import java.io.ByteArrayInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Field;
import java.util.IdentityHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One of PDFBox's stream filters with the thread's {@link DecodeBudget} around it: it counts what the filter writes
 * and stops it at the budget, stops it when the render was abandoned (the thread interrupted), and, for the image
 * codecs that build their whole raster before writing a byte (JPEG, CCITT fax), checks what the encoded data declares
 * first. Encoding is passed through untouched.
 *
 * <p>PDFBox 3.0 creates every filter in {@link FilterFactory#INSTANCE} and gives no way to register others, and its
 * decoding ({@code Filter.decode}, {@code COSStream.createView}) always writes to a buffer in memory, ignoring the
 * document's stream cache. {@link #installInPdfBox()} therefore puts a wrapper in place of each filter in that
 * factory's map, once per JVM; every stream PDFBox decodes, wherever it is used, goes through one.
 *
 * <p>Thread-safe: stateless apart from the filter it wraps, which PDFBox shares between threads as well.
 */
final class BoundedFilter extends Filter {
    private final Filter delegate;
    private final Codec codec;

    private BoundedFilter(Filter delegate, Codec codec) {
        this.delegate = delegate;
        this.codec = codec;
    }

    /** Filters whose encoded data declares the size of what they decode, and which allocate it all at once. */
    private enum Codec {
        JPEG, FAX, OTHER;

        static Codec named(COSName name) {
            if (COSName.DCT_DECODE.equals(name) || COSName.DCT_DECODE_ABBREVIATION.equals(name)) {
                return JPEG;
            }
            if (COSName.CCITTFAX_DECODE.equals(name) || COSName.CCITTFAX_DECODE_ABBREVIATION.equals(name)) {
                return FAX;
            }
            return OTHER;
        }
    }

    /**
     * Wraps every filter of PDFBox's factory; safe to call again and from several threads.
     *
     * @throws IllegalStateException when the factory is not what PDFBox 3.0 has (another PDFBox version): rendering
     *                               without the bound is not an option
     */
    static void installInPdfBox() {
        Map<COSName, Filter> filters = factoryFilters();
        synchronized (filters) {
            Map<Filter, BoundedFilter> wrappers = new IdentityHashMap<>();
            for (Map.Entry<COSName, Filter> entry : filters.entrySet()) {
                if (!(entry.getValue() instanceof BoundedFilter)) {
                    // one wrapper per filter object: PDFBox drops a filter listed twice in a chain by identity
                    Codec codec = Codec.named(entry.getKey());
                    entry.setValue(wrappers.computeIfAbsent(entry.getValue(), filter -> new BoundedFilter(filter, codec)));
                }
            }
        }
    }

    /** Whether every filter PDFBox can create is bounded. */
    static boolean installed() {
        return factoryFilters().values().stream().allMatch(filter -> filter instanceof BoundedFilter);
    }

    @SuppressWarnings("unchecked")
    private static Map<COSName, Filter> factoryFilters() {
        try {
            Field field = FilterFactory.class.getDeclaredField("filters");
            field.setAccessible(true);
            return (Map<COSName, Filter>) field.get(FilterFactory.INSTANCE);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("cannot bound PDF decoding: PDFBox's FilterFactory has no 'filters' map"
                    + " (a PDFBox version other than the pinned 3.0.x?): " + e, e);
        }
    }

    @Override
    public DecodeResult decode(InputStream encoded, OutputStream decoded, COSDictionary parameters, int index)
            throws IOException {
        return decode(encoded, decoded, parameters, index, DecodeOptions.DEFAULT);
    }

    @Override
    public DecodeResult decode(InputStream encoded, OutputStream decoded, COSDictionary parameters, int index,
                               DecodeOptions options) throws IOException {
        Abandonment.check();
        DecodeBudget budget = DecodeBudget.current();
        long limit = budget.limit(parameters, index);
        InputStream input = encoded;
        if (codec == Codec.JPEG) {
            input = checkedJpeg(encoded, limit, budget);
        } else if (codec == Codec.FAX) {
            checkFax(parameters, index, limit, budget);
        }
        return delegate.decode(input, new Counted(decoded, limit, budget, parameters), parameters, index, options);
    }

    @Override
    protected void encode(InputStream input, OutputStream encoded, COSDictionary parameters) throws IOException {
        delegate.encode(input, encoded, parameters, 0);
    }

    /**
     * ImageIO decodes a JPEG's whole raster, at the size its frame header says (not the PDF's), before PDFBox sees a
     * byte of it, and passes over the whole image once per progressive scan: both are checked from the markers first.
     * Returns the same bytes to decode.
     */
    private static InputStream checkedJpeg(InputStream encoded, long limit, DecodeBudget budget) throws IOException {
        byte[] bytes = encoded.readAllBytes(); // at most the raw stream or an earlier filter's bounded output
        JpegStructure jpeg;
        try {
            jpeg = JpegStructure.read(new ByteArrayInputStream(bytes), JpegStructure.MAX_SCANS);
        } catch (IOException e) {
            return new ByteArrayInputStream(bytes); // not a JPEG after all: the decoder says what is wrong with it
        }
        budget.refuseIfMorePixels(jpeg.width(), jpeg.height(), "says in its JPEG header it has");
        if (jpeg.scans() > JpegStructure.MAX_SCANS) {
            throw budget.exceeded("a progressive JPEG of more than " + JpegStructure.MAX_SCANS + " scans (each one a"
                    + " pass over the whole image; real photos have about 10)");
        }
        long raster = (long) jpeg.width() * jpeg.height() * Math.max(1, jpeg.components());
        if (raster > limit) {
            throw budget.exceeded(String.format(Locale.ROOT, "a JPEG image of %d×%d px whose raster (%,d bytes) is"
                    + " more than its PDF dictionary allows (%,d bytes)", jpeg.width(), jpeg.height(), raster, limit));
        }
        return new ByteArrayInputStream(bytes);
    }

    /** PDFBox's fax decoder allocates columns × rows bits at once, sized from the decode parameters. */
    private void checkFax(COSDictionary parameters, int index, long limit, DecodeBudget budget) throws IOException {
        COSDictionary decodeParameters = getDecodeParams(parameters, index);
        long columns = Math.max(1, decodeParameters.getInt(COSName.COLUMNS, 1728));
        long rows = Math.max(decodeParameters.getInt(COSName.ROWS, 0), parameters.getInt(COSName.HEIGHT, COSName.H, 0));
        budget.refuseIfMorePixels(columns, rows, "declares for its fax coding");
        if ((columns + 7) / 8 * rows > limit) {
            throw budget.exceeded(String.format(Locale.ROOT, "a fax-coded image of %d×%d px, more than its PDF"
                    + " dictionary allows", columns, rows));
        }
    }

    /** The decoded bytes on their way to PDFBox's buffer: counted, stopped at the limit and at an abandoned render. */
    private static final class Counted extends FilterOutputStream {
        private final long limit;
        private final DecodeBudget budget;
        private final COSDictionary parameters;
        private long written;

        Counted(OutputStream out, long limit, DecodeBudget budget, COSDictionary parameters) {
            super(out);
            this.limit = limit;
            this.budget = budget;
            this.parameters = parameters;
        }

        @Override
        public void write(int b) throws IOException {
            count(1);
            out.write(b);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            count(length);
            out.write(bytes, offset, length);
        }

        private void count(int length) throws IOException {
            Abandonment.check();
            written += length;
            if (written > limit) {
                throw budget.exceeded(budget.describeExcess(parameters, limit));
            }
        }
    }
}
