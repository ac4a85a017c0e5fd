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
 * @param invoiceXml the document's e-invoice XML (the XML file itself, or the invoice attached to a PDF); null when
 *                   it carries none
 */
public record RenderedDocument(SourceDocument source, DocumentType type, int pageCount, List<RenderedPage> pages,
                               InvoiceXml invoiceXml) {
    public RenderedDocument {
        pages = List.copyOf(pages);
    }

    /** A document without invoice XML. */
    public RenderedDocument(SourceDocument source, DocumentType type, int pageCount, List<RenderedPage> pages) {
        this(source, type, pageCount, pages, null);
    }

    /** True when the document carries invoice XML, whose fields are then read exactly instead of by an engine. */
    public boolean isEInvoice() {
        return invoiceXml != null;
    }
}
