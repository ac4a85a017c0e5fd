package dev.ledgerlens.render;

import dev.ledgerlens.failure.FailureReason;
import dev.ledgerlens.failure.LedgerlensException;
import dev.ledgerlens.ingest.SourceDocument;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The render stage: turns a PDF or an image into page images sized for one engine's {@link PageSpec},
 * each PDF page with its text layer. Pages are written to {@code <workDir>/<sha256>/page-0001.png|jpg}
 * one at a time, so a long document never holds all its pages in memory.
 *
 * <p>Sizing: a PDF page is rasterised at the DPI that makes it fit the spec ({@code spec.dpi()} or less);
 * an image has no physical size, so {@code spec.dpi()} is ignored and its pixels are fitted to the spec's
 * limits. Nothing is ever enlarged.
 *
 * <p>Every failure is a {@link LedgerlensException} whose reason says what is wrong with the file:
 * {@code EMPTY_FILE}, {@code UNSUPPORTED_TYPE}, {@code CORRUPT_DOCUMENT}, {@code ENCRYPTED_DOCUMENT},
 * {@code PAGE_LIMIT} or {@code TOO_LARGE}; no half-written pages are left behind.
 *
 * <p>Thread-safe: it holds only immutable settings, and documents can be rendered concurrently
 * (different documents write to different folders).
 */
public final class DocumentRenderer {
    private final ContentSniffer sniffer;
    private final PdfPageRenderer pdfRenderer;
    private final ImagePageRenderer imageRenderer;

    public DocumentRenderer(RenderSettings settings) {
        this(settings, new ContentSniffer());
    }

    public DocumentRenderer(RenderSettings settings, ContentSniffer sniffer) {
        Objects.requireNonNull(settings, "settings");
        this.sniffer = Objects.requireNonNull(sniffer, "sniffer");
        PageEncoder encoder = new PageEncoder(settings.jpegQuality());
        this.pdfRenderer = new PdfPageRenderer(settings, encoder);
        this.imageRenderer = new ImagePageRenderer(settings, encoder);
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
                    + "' is neither a PDF nor a PNG, JPEG, GIF, WEBP or TIFF image; it starts with "
                    + printableStart(content));
        }
        String id = document.sha256();
        if (id.isEmpty() || id.contains("/") || id.contains("\\") || id.startsWith(".")) {
            // the id becomes a folder name: never let it point outside the work folder
            throw new IllegalArgumentException("document id '" + id + "' cannot name a page folder");
        }
        Path folder = workDir.resolve(id);
        deletePages(folder);
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new LedgerlensException(FailureReason.INTERNAL_ERROR,
                    "cannot create the page folder " + folder + ": " + e.getMessage(), e);
        }
        boolean rendered = false;
        try {
            RenderedDocument result = type == DocumentType.PDF
                    ? pdfRenderer.render(document, spec, folder)
                    : imageRenderer.render(document, type, spec, folder);
            rendered = true;
            return result;
        } finally {
            if (!rendered) {
                deletePages(folder); // no half-rendered documents on disk, whatever went wrong
            }
        }
    }

    /** Deletes the page images of a rendered document and its folder; safe to call twice. */
    public void discard(RenderedDocument rendered) {
        rendered.pages().stream().findFirst()
                .map(page -> page.image().getParent())
                .ifPresent(DocumentRenderer::deletePages);
    }

    private static void deletePages(Path folder) {
        if (!Files.isDirectory(folder)) {
            return;
        }
        try (DirectoryStream<Path> pages = Files.newDirectoryStream(folder, "page-*.{png,jpg}")) {
            for (Path page : pages) {
                Files.deleteIfExists(page);
            }
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
