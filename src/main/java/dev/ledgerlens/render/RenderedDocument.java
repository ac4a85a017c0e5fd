package dev.ledgerlens.render;

import dev.ledgerlens.ingest.SourceDocument;

import java.util.List;

/**
 * A document after rendering: its type and its pages, in order.
 *
 * @param source    the document as it arrived
 * @param type      the format decided from its content
 * @param pageCount the number of pages in the original (may exceed {@code pages.size()} when pages were capped)
 * @param pages     the rendered pages
 */
public record RenderedDocument(SourceDocument source, DocumentType type, int pageCount, List<RenderedPage> pages) {
    public RenderedDocument {
        pages = List.copyOf(pages);
    }
}
