package dev.ledgerlens.review;

import dev.ledgerlens.failure.FailureReason;
import dev.ledgerlens.failure.LedgerlensException;
import dev.ledgerlens.ingest.OriginalStore;
import dev.ledgerlens.ingest.SourceDocument;
import dev.ledgerlens.render.DocumentRenderer;
import dev.ledgerlens.render.PageSpec;
import dev.ledgerlens.render.RenderedDocument;
import dev.ledgerlens.render.RenderedPage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The page images review shows. The pipeline deletes its page images once a document is stored, so they are rendered
 * again from the kept original ({@code <data-dir>/originals/}) by the same {@link DocumentRenderer}, with its bounds
 * on time and pixels, at a size for the screen, and kept under {@code <data-dir>/review-pages/<sha256>/} for the next
 * look (delete that folder freely: pages are rendered again on demand). A document is found by its SHA-256, which
 * comes from the database, never from a request. Thread-safe: one document is rendered by one thread at a time.
 */
public final class PreviewRenderer {
    /** Colour, 150 dpi, at most 1,600 px long: legible on a screen beside the form, about 200 KB a page. */
    static final PageSpec SCREEN = new PageSpec(150, 1600, 0, 0, false, true);
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final String COMPLETE = "complete";

    private final DocumentRenderer renderer;
    private final OriginalStore originals;
    private final Path folder;
    private final ConcurrentHashMap<String, Object> locks = new ConcurrentHashMap<>();

    public PreviewRenderer(DocumentRenderer renderer, OriginalStore originals, Path folder) {
        this.renderer = renderer;
        this.originals = originals;
        this.folder = folder;
    }

    /** One page image, ready to send. */
    public record Preview(Path image, String mediaType) {
    }

    /**
     * Page {@code pageNumber} (1-based) of the document with this SHA-256; empty when it has no such page.
     *
     * @throws LedgerlensException SOURCE_UNREADABLE when its original is no longer kept, or the reason it cannot be
     *                             rendered (a damaged or encrypted file: the dead letter's own reason, often)
     */
    public Optional<Preview> page(String sha256, String fileName, int pageNumber) {
        if (!SHA256.matcher(sha256).matches()) {
            throw new IllegalArgumentException("not a SHA-256: " + sha256); // from the database, so a defect
        }
        List<Path> pages = pages(sha256, fileName);
        if (pageNumber < 1 || pageNumber > pages.size()) {
            return Optional.empty();
        }
        Path image = pages.get(pageNumber - 1);
        return Optional.of(new Preview(image, image.toString().endsWith(".jpg") ? "image/jpeg" : "image/png"));
    }

    /** How many pages the document has, rendering it if that was not done yet (same exceptions as {@link #page}). */
    public int pageCount(String sha256, String fileName) {
        if (!SHA256.matcher(sha256).matches()) {
            throw new IllegalArgumentException("not a SHA-256: " + sha256);
        }
        return pages(sha256, fileName).size();
    }

    private List<Path> pages(String sha256, String fileName) {
        synchronized (locks.computeIfAbsent(sha256, key -> new Object())) {
            Path pagesFolder = folder.resolve(sha256);
            if (!Files.isRegularFile(pagesFolder.resolve(COMPLETE))) {
                render(sha256, fileName);
            }
            try (var files = Files.list(pagesFolder)) {
                return files.filter(path -> path.getFileName().toString().matches("page-\\d{4}\\.(png|jpg)"))
                        .sorted().toList();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list the page images in " + pagesFolder, e);
            }
        }
    }

    private void render(String sha256, String fileName) {
        Path original = originals.pathOf(sha256);
        if (!Files.isRegularFile(original)) {
            throw new LedgerlensException(FailureReason.SOURCE_UNREADABLE, "the original of '" + fileName
                    + "' is no longer kept in " + original.getParent().getParent());
        }
        try {
            SourceDocument source = new SourceDocument(sha256, original.toUri().toString(), fileName,
                    Files.size(original), original);
            RenderedDocument rendered = renderer.render(source, SCREEN, folder);
            StringBuilder list = new StringBuilder();
            for (RenderedPage page : rendered.pages()) {
                list.append(page.image().getFileName()).append('\n');
            }
            // written last: a folder without it (a crash mid-render) is rendered again
            Files.writeString(folder.resolve(sha256).resolve(COMPLETE), list, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the page images of '" + fileName + "' in " + folder, e);
        }
    }
}
