package dev.ledgerlens.render;

import dev.ledgerlens.failure.DiskFull;
import dev.ledgerlens.failure.FailureReason;
import dev.ledgerlens.failure.LedgerlensException;
import dev.ledgerlens.ingest.SourceDocument;
import org.slf4j.MDC;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The render stage: turns a PDF or an image into page images sized for one engine's {@link PageSpec},
 * each PDF page with its text layer. Pages are written to {@code <workDir>/<sha256>/page-0001.png|jpg}
 * one at a time, so a long document never holds all its pages in memory.
 *
 * <p>Sizing: a PDF page is rasterised at the DPI that makes it fit the spec ({@code spec.dpi()} or less);
 * an image has no physical size, so {@code spec.dpi()} is ignored and its pixels are fitted to the spec's
 * limits. Nothing is ever enlarged.
 *
 * <p>E-invoices: an XML file whose root is a CII or UBL invoice is accepted with no pages; a PDF's attached invoice XML
 * is found and copied next to its pages ({@link RenderedDocument#invoiceXml()}). Reading the XML is the extract
 * stage's work. Other XML fails as {@code EINVOICE_NOT_AN_INVOICE}, XML with a DTD as {@code EINVOICE_UNSAFE_XML}.
 *
 * <p>Every failure is a {@link LedgerlensException} whose reason says what is wrong with the file:
 * {@code EMPTY_FILE}, {@code UNSUPPORTED_TYPE}, {@code CORRUPT_DOCUMENT}, {@code ENCRYPTED_DOCUMENT},
 * {@code PAGE_LIMIT}, {@code TOO_LARGE}, {@code RENDER_TIMEOUT} or one of the e-invoice reasons above; no half-written
 * pages are left behind.
 *
 * <p>Bounds: a document's rendering runs on its own worker thread with a hard deadline
 * ({@code ledgerlens.render.timeout}); at most {@link #MAX_ABANDONED} workers abandoned at their deadline may still
 * be running before new documents wait; a page's raster is sized before it is drawn and never exceeds
 * {@code ledgerlens.render.max-pixels}; images (files or embedded in a PDF page) declaring more pixels than that
 * are refused from their headers, before decoding; every PDF stream decodes within its {@link DecodeBudget}. See
 * docs/reliability.md for why a thread and not a child JVM.
 *
 * <p>Thread-safe: it holds immutable settings and a concurrent set of abandoned workers, and documents can be
 * rendered concurrently (different documents write to different folders).
 */
public final class DocumentRenderer {
    /** 2 s: one content-stream operator or one page encoding ends well within it; longer means a stuck decoder. */
    static final Duration ABANDON_GRACE = Duration.ofSeconds(2);
    /**
     * 2 abandoned renders may still be running at once. One stuck in a decoder keeps a core busy until it ends; on
     * the two-core machines this runs on, more would take the machine from the documents that are fine.
     */
    static final int MAX_ABANDONED = 2;

    private final ContentSniffer sniffer;
    private final PdfPageRenderer pdfRenderer;
    private final ImagePageRenderer imageRenderer;
    private final Duration timeout;
    private final long maxInvoiceXmlBytes;
    private final InvoiceXmlSniffer invoiceSniffer = new InvoiceXmlSniffer();
    /** Render threads abandoned at their deadline that have not ended yet. */
    private final Set<Thread> abandoned = ConcurrentHashMap.newKeySet();
    private final Object abandonedEnded = new Object();

    public DocumentRenderer(RenderSettings settings) {
        this(settings, new ContentSniffer());
    }

    public DocumentRenderer(RenderSettings settings, ContentSniffer sniffer) {
        Objects.requireNonNull(settings, "settings");
        this.sniffer = Objects.requireNonNull(sniffer, "sniffer");
        BoundedFilter.installInPdfBox(); // every PDF stream decodes within a budget (DecodeBudget)
        PageEncoder encoder = new PageEncoder(settings.jpegQuality());
        this.pdfRenderer = new PdfPageRenderer(settings, encoder);
        this.imageRenderer = new ImagePageRenderer(settings, encoder);
        this.timeout = settings.timeout();
        this.maxInvoiceXmlBytes = settings.maxInvoiceXmlBytes();
    }

    /**
     * Renders every page of {@code document} to {@code spec} into {@code workDir/<sha256>/}, replacing pages
     * left there by an earlier attempt. One folder per document: rendering the same document a second time
     * (another spec, a replay) replaces the first rendering's files, so render, extract, then {@link #discard}.
     *
     * @throws LedgerlensException with the reason the document cannot be rendered
     */
    public RenderedDocument render(SourceDocument document, PageSpec spec, Path workDir) {
        Objects.requireNonNull(spec, "spec");
        if (spec.dpi() < 1) {
            // a programming error in the engine that built the spec, not a property of the document
            throw new IllegalArgumentException("PageSpec dpi must be positive, was " + spec.dpi());
        }
        Path content = document.content();
        long size;
        try {
            size = Files.size(content);
        } catch (IOException e) {
            throw new LedgerlensException(FailureReason.SOURCE_UNREADABLE,
                    "cannot read '" + document.fileName() + "' at " + content + ": " + e.getMessage(), e);
        }
        if (size == 0) {
            throw new LedgerlensException(FailureReason.EMPTY_FILE,
                    "'" + document.fileName() + "' is empty (0 bytes); was it still being written when it was picked up?");
        }
        DocumentType type = sniffer.detect(content);
        if (type == DocumentType.UNKNOWN) {
            throw new LedgerlensException(FailureReason.UNSUPPORTED_TYPE, "'" + document.fileName()
                    + "' is neither a PDF, a PNG, JPEG, GIF, WEBP or TIFF image, nor an XML e-invoice; it starts with "
                    + printableStart(content));
        }
        if (type == DocumentType.XML) {
            return invoiceFile(document, size);
        }
        String id = document.sha256();
        if (id.isEmpty() || id.contains("/") || id.contains("\\") || id.startsWith(".")) {
            // the id becomes a folder name: never let it point outside the work folder
            throw new IllegalArgumentException("document id '" + id + "' cannot name a page folder");
        }
        Path folder = workDir.resolve(id);
        deletePages(folder);
        try {
            // the document's pages: its owner's only, like the kept originals
            Files.createDirectories(folder, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                    java.nio.file.attribute.PosixFilePermissions.fromString("rwx------")));
        } catch (IOException e) {
            throw DiskFull.or(FailureReason.INTERNAL_ERROR, "cannot create the page folder " + folder + ": " + e.getMessage(), e);
        }
        boolean rendered = false;
        try {
            RenderedDocument result = bounded(document, folder, () -> type == DocumentType.PDF
                    ? pdfRenderer.render(document, spec, folder)
                    : imageRenderer.render(document, type, spec, folder));
            rendered = true;
            return result;
        } finally {
            if (!rendered) {
                deletePages(folder); // no half-rendered documents on disk, whatever went wrong
            }
        }
    }

    /**
     * An XML file: an e-invoice has no pages to draw; it is accepted when its root element is a CII or UBL invoice,
     * and read by the extract stage. Only the prolog and the root's start tag are read here.
     */
    private RenderedDocument invoiceFile(SourceDocument document, long size) {
        String what = "'" + document.fileName() + "'";
        if (size > maxInvoiceXmlBytes) {
            throw new LedgerlensException(FailureReason.TOO_LARGE, what + " is an XML file of " + size
                    + " bytes, more than ledgerlens.einvoice.max-xml-bytes = " + maxInvoiceXmlBytes);
        }
        try (InputStream in = Files.newInputStream(document.content())) {
            InvoiceSyntax syntax = invoiceSniffer.classify(in, what);
            return new RenderedDocument(document, DocumentType.XML, 0, List.of(),
                    new InvoiceXml(document.content(), syntax, null));
        } catch (IOException e) {
            throw new LedgerlensException(FailureReason.SOURCE_UNREADABLE,
                    "cannot read " + what + " at " + document.content() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Runs one document's rendering on its own daemon thread and waits at most {@code ledgerlens.render.timeout}.
     * The page-by-page deadline inside the renderers cannot stop a single page that never finishes (a decoder
     * stuck in a loop, a page with millions of vector operators); this hard deadline can: the caller gets
     * RENDER_TIMEOUT on time, the worker is interrupted and abandoned, and deletes what it wrote when it ends.
     * An OutOfMemoryError inside the worker (a page whose decoded content does not fit) becomes TOO_LARGE:
     * everything it allocated belonged to this one document and is garbage once the worker ends.
     */
    RenderedDocument bounded(SourceDocument document, Path folder, Callable<RenderedDocument> work) {
        awaitAbandonedBelowCap(document);
        AtomicBoolean abandon = new AtomicBoolean();
        Map<String, String> logContext = MDC.getCopyOfContextMap(); // PDFBox's warnings keep the document's sha256
        FutureTask<RenderedDocument> task = new FutureTask<>(() -> {
            if (logContext != null) {
                MDC.setContextMap(logContext);
            }
            try {
                return work.call();
            } finally {
                if (abandon.get()) {
                    deletePagesQuietly(folder);
                }
                MDC.clear();
            }
        });
        Thread worker = new Thread(() -> {
            try {
                task.run();
            } finally {
                if (abandoned.remove(Thread.currentThread())) {
                    synchronized (abandonedEnded) {
                        abandonedEnded.notifyAll();
                    }
                }
            }
        }, "ledgerlens-render-" + document.shortId());
        worker.setDaemon(true); // an abandoned, stuck render must not keep the JVM alive at exit
        worker.start();
        try {
            return task.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            abandon(worker, task, abandon);
            awaitEnd(worker);
            throw new LedgerlensException(FailureReason.RENDER_TIMEOUT, "rendering '" + document.fileName()
                    + "' did not finish within ledgerlens.render.timeout = " + timeout + "; abandoned", e);
        } catch (InterruptedException e) {
            // a forced shutdown: the document is abandoned like a timed-out one; one that stays 'processing'
            // because the dead letter cannot be written any more is taken up by the next run
            abandon(worker, task, abandon);
            Thread.currentThread().interrupt();
            throw new LedgerlensException(FailureReason.RENDER_TIMEOUT,
                    "rendering '" + document.fileName() + "' was interrupted (shutting down)", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof LedgerlensException failure) {
                throw failure;
            }
            if (cause instanceof OutOfMemoryError) {
                throw new LedgerlensException(FailureReason.TOO_LARGE, "rendering '" + document.fileName()
                        + "' ran out of memory; its pages decode to more than this JVM's heap can hold", cause);
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new LedgerlensException(FailureReason.INTERNAL_ERROR,
                    "rendering '" + document.fileName() + "' failed: " + cause, cause);
        }
    }

    /**
     * Marks the worker abandoned and interrupts it: PDFBox's operator loops, the decode budget and ImageIO's progress
     * checks stop it soon. It counts against {@link #MAX_ABANDONED} until it has really ended.
     */
    private void abandon(Thread worker, FutureTask<RenderedDocument> task, AtomicBoolean abandon) {
        abandon.set(true);
        // counted before the check: a worker that ends in between has removed itself, or is found not alive here
        abandoned.add(worker);
        if (!worker.isAlive()) {
            abandoned.remove(worker);
        }
        task.cancel(true);
    }

    /**
     * Lets a new document start only while fewer than {@link #MAX_ABANDONED} abandoned renders are still running,
     * waiting for one to end at most one render timeout.
     *
     * @throws LedgerlensException RENDER_STUCK (FATAL) when none ends in that time: the threads are stuck where no
     *                             interrupt reaches them, and only a new process gets their cores back
     */
    private void awaitAbandonedBelowCap(SourceDocument document) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (abandonedEnded) {
            while (abandoned.size() >= MAX_ABANDONED) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new LedgerlensException(FailureReason.RENDER_STUCK, abandoned.size() + " renders abandoned at"
                            + " their deadline are still running (" + abandoned.stream().map(Thread::getName).sorted()
                            .toList() + "), stuck in a decoder; '" + document.fileName() + "' and the rest stay queued."
                            + " Restart Ledgerlens: the documents that got stuck are dead-lettered and will not be"
                            + " taken again");
                }
                try {
                    abandonedEnded.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new LedgerlensException(FailureReason.RENDER_TIMEOUT,
                            "rendering '" + document.fileName() + "' was interrupted (shutting down)", e);
                }
            }
        }
    }

    /** Abandoned renders that have not ended yet, for tests and the operator's thread dump. */
    int abandonedStillRunning() {
        return abandoned.size();
    }

    /**
     * Gives an interrupted worker a moment to stop at its next operator and delete its pages, so that the caller
     * usually sees a clean work folder; a worker stuck where interrupts do not reach is left to finish on its own.
     */
    private static void awaitEnd(Thread worker) {
        try {
            worker.join(ABANDON_GRACE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void deletePagesQuietly(Path folder) {
        try {
            deletePages(folder);
        } catch (UncheckedIOException e) {
            // an abandoned worker's leftovers: the next render of this document clears the folder again
        }
    }

    /** Deletes the page images of a rendered document and its folder; safe to call twice. */
    public void discard(RenderedDocument rendered) {
        rendered.pages().stream().findFirst()
                .map(page -> page.image().getParent())
                .ifPresent(DocumentRenderer::deletePages);
    }

    /** Deletes whatever pages of {@code document} are in {@code workDir}, e.g. after it failed past rendering. */
    public void discard(SourceDocument document, Path workDir) {
        deletePages(workDir.resolve(document.sha256()));
    }

    private static void deletePages(Path folder) {
        if (!Files.isDirectory(folder)) {
            return;
        }
        try (DirectoryStream<Path> pages = Files.newDirectoryStream(folder, "page-*.{png,jpg}")) {
            for (Path page : pages) {
                Files.deleteIfExists(page);
            }
            Files.deleteIfExists(folder.resolve(InvoiceXml.ATTACHMENT_COPY));
            try (DirectoryStream<Path> rest = Files.newDirectoryStream(folder)) {
                if (!rest.iterator().hasNext()) {
                    Files.delete(folder);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the page images in " + folder, e);
        }
    }

    /** The first bytes as text with unprintable bytes as '.', to tell an operator what the file really is. */
    private static String printableStart(Path content) {
        byte[] head;
        try (InputStream in = Files.newInputStream(content)) {
            head = in.readNBytes(16);
        } catch (IOException e) {
            return "(unreadable)";
        }
        StringBuilder text = new StringBuilder("'");
        for (byte b : head) {
            text.append(b >= 0x20 && b < 0x7F ? (char) b : '.');
        }
        return text.append("'").toString();
    }
}
