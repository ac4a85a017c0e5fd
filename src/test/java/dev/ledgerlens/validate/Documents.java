package dev.ledgerlens.validate;

import dev.ledgerlens.extract.Extraction;
import dev.ledgerlens.extract.RawFields;
import dev.ledgerlens.extract.Usage;
import dev.ledgerlens.ingest.SourceDocument;
import dev.ledgerlens.render.DocumentType;
import dev.ledgerlens.render.RenderedDocument;
import dev.ledgerlens.render.RenderedPage;
import dev.ledgerlens.render.TextLayer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Builds extractions for tests: fields as a model would print them, and the page text they came from. */
final class Documents {
    private Documents() {
    }

    static RawFields receipt(String date, String subtotal, String tax, String total, List<RawFields.Item> items) {
        return new RawFields("receipt", "Corner Cafe", "1 Main St", date, null, items, subtotal, tax, null, null, total,
                null, null, null, null, null, null, null, List.of());
    }

    static RawFields.Item item(String name, String qty, String unitPrice, String price) {
        return new RawFields.Item(name, qty, unitPrice, price);
    }

    /** An extraction from a PDF whose text layer holds {@code pageTexts}, one per page. */
    static Extraction fromPdf(RawFields fields, String... pageTexts) {
        List<RenderedPage> pages = new ArrayList<>();
        for (int i = 0; i < pageTexts.length; i++) {
            pages.add(new RenderedPage(i + 1, Path.of("page-" + (i + 1) + ".png"), "image/png", 100, 100,
                    new TextLayer(pageTexts[i], List.of(), TextLayer.Origin.PDF_TEXT)));
        }
        return new Extraction(document(pages), "test", fields, Map.of(), List.of("{\"answer\":1}"),
                Usage.offline(1), Map.of());
    }

    /** An extraction from a photo read by OCR into {@code ocrText} (page 1). */
    static Extraction fromOcr(RawFields fields, String ocrText) {
        RenderedPage page = new RenderedPage(1, Path.of("page-1.png"), "image/png", 100, 100, null);
        return new Extraction(document(List.of(page)), "test", fields, Map.of(), List.of(), Usage.offline(1),
                Map.of(1, ocrText));
    }

    /** An extraction from a photo sent straight to a vision model: no page text anywhere. */
    static Extraction fromImageOnly(RawFields fields, String answer) {
        RenderedPage page = new RenderedPage(1, Path.of("page-1.png"), "image/png", 100, 100, null);
        return new Extraction(document(List.of(page)), "vision", fields, Map.of(), List.of(answer), Usage.offline(1),
                Map.of());
    }

    private static RenderedDocument document(List<RenderedPage> pages) {
        SourceDocument source = new SourceDocument("ab".repeat(32), "file:/inbox/r.pdf", "r.pdf", 10, Path.of("r.pdf"));
        return new RenderedDocument(source, DocumentType.PDF, pages.size(), pages);
    }
}
