package dev.ledgerlens.render;

import dev.ledgerlens.config.ConfigSource;

import java.time.Duration;

/**
 * The render stage's limits, from the {@code ledgerlens.render.*} keys. Immutable and thread-safe.
 *
 * @param maxPages    documents with more pages fail as {@code PAGE_LIMIT} before any page is rendered
 * @param maxPixels   images whose header declares more pixels fail as {@code TOO_LARGE} before decoding;
 *                    PDF pages are rendered no larger than this
 * @param jpegQuality JPEG quality (0–1) used when a page spec prefers the smallest encoding
 * @param timeout     a document still rendering after this long fails as {@code RENDER_TIMEOUT}: a hard deadline on
 *                    the document's render thread, so one pathological page cannot overrun it
 * @param maxInvoiceXmlBytes invoice XML (a file, or decompressed out of a PDF) larger than this fails as
 *                    {@code TOO_LARGE} before it is parsed ({@code ledgerlens.einvoice.max-xml-bytes})
 */
public record RenderSettings(int maxPages, long maxPixels, float jpegQuality, Duration timeout, long maxInvoiceXmlBytes) {
    /** 200 pages: a long contract or statement; more is almost always a wrong file in the inbox. */
    public static final int DEFAULT_MAX_PAGES = 200;
    /** 100 megapixels: above any phone camera or 600 DPI A4 scan (35 MP), below what exhausts a 2 GB heap. */
    public static final long DEFAULT_MAX_PIXELS = 100_000_000L;
    /** 0.85: text stays sharp for the model and OCR while photos shrink to a fraction of their PNG size. */
    public static final float DEFAULT_JPEG_QUALITY = 0.85f;
    /** 5 minutes: a 200-page 300 DPI scan renders in well under a minute here; five means the file, not the machine, is the problem. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(5);
    /**
     * 20 MB: an e-invoice of several thousand lines stays below 10 MB; the XML is parsed into memory (about ten times
     * its size), so a bound is what keeps a giant or inflated XML from taking the heap.
     */
    public static final long DEFAULT_MAX_INVOICE_XML_BYTES = 20L * 1024 * 1024;

    public RenderSettings {
        if (maxPages < 1) {
            throw ConfigSource.invalid("ledgerlens.render.max-pages", String.valueOf(maxPages), "at least 1");
        }
        if (maxPixels < 1) {
            throw ConfigSource.invalid("ledgerlens.render.max-pixels", String.valueOf(maxPixels), "at least 1");
        }
        if (!(jpegQuality > 0 && jpegQuality <= 1)) {
            throw ConfigSource.invalid("ledgerlens.render.jpeg-quality", String.valueOf(jpegQuality),
                    "a number above 0 and at most 1");
        }
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw ConfigSource.invalid("ledgerlens.render.timeout", String.valueOf(timeout), "a positive duration like 5m");
        }
        if (maxInvoiceXmlBytes < 1) {
            throw ConfigSource.invalid("ledgerlens.einvoice.max-xml-bytes", String.valueOf(maxInvoiceXmlBytes), "at least 1");
        }
    }

    /** Settings with the default bound on invoice XML. */
    public RenderSettings(int maxPages, long maxPixels, float jpegQuality, Duration timeout) {
        this(maxPages, maxPixels, jpegQuality, timeout, DEFAULT_MAX_INVOICE_XML_BYTES);
    }

    /** The shipped defaults, for tests and tools that have no configuration. */
    public static RenderSettings defaults() {
        return new RenderSettings(DEFAULT_MAX_PAGES, DEFAULT_MAX_PIXELS, DEFAULT_JPEG_QUALITY, DEFAULT_TIMEOUT);
    }

    /**
     * Reads {@code ledgerlens.render.max-pages}, {@code .max-pixels}, {@code .jpeg-quality}, {@code .timeout} and
     * {@code ledgerlens.einvoice.max-xml-bytes}.
     */
    public static RenderSettings from(ConfigSource config) {
        return new RenderSettings(
                config.getInt("ledgerlens.render.max-pages", DEFAULT_MAX_PAGES),
                config.getLong("ledgerlens.render.max-pixels", DEFAULT_MAX_PIXELS),
                config.getDecimal("ledgerlens.render.jpeg-quality",
                        java.math.BigDecimal.valueOf(DEFAULT_JPEG_QUALITY)).floatValue(),
                config.getDuration("ledgerlens.render.timeout", DEFAULT_TIMEOUT),
                config.getLong("ledgerlens.einvoice.max-xml-bytes", DEFAULT_MAX_INVOICE_XML_BYTES));
    }
}
