package dev.ledgerlens.extract.einvoice;

import dev.ledgerlens.extract.EInvoice;
import dev.ledgerlens.extract.EngineWrapper;
import dev.ledgerlens.extract.Extraction;
import dev.ledgerlens.extract.Extractor;
import dev.ledgerlens.extract.RawFields;
import dev.ledgerlens.extract.Usage;
import dev.ledgerlens.failure.Violation;
import dev.ledgerlens.render.PageSpec;
import dev.ledgerlens.render.RenderedDocument;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Stands ahead of the configured engine: a document that carries invoice XML (an XML e-invoice, or a PDF with its
 * invoice attached, as found by the render stage) is read from that XML, exactly and at no cost, and the engine is never
 * called for it; every other document goes to the engine unchanged. Extractions read here are recorded with engine
 * {@value #ENGINE}, zero tokens and zero cost, and their {@link Extraction#einvoice()} holds the typed values.
 *
 * <p>Thread-safe when the engine is (every engine is, by contract).
 */
public final class EInvoiceExtractor extends EngineWrapper {
    /** The engine name recorded with extractions read from invoice XML. */
    public static final String ENGINE = "einvoice";
    /** How much of the XML is kept with a dead letter as "the answer": enough to see what it said. */
    static final int KEPT_XML_CHARS = 64 * 1024;

    private final EInvoiceReader reader = new EInvoiceReader();

    /** @param engine reads every document that carries no invoice XML */
    public EInvoiceExtractor(Extractor engine) {
        super(engine);
    }

    /** The engine that reads documents without invoice XML. */
    public Extractor engine() {
        return engine;
    }

    /** The engine's page size: an e-invoice PDF's pages are still rendered, for its text layer (compared with its XML). */
    @Override
    public Extraction extract(RenderedDocument document) {
        if (!document.isEInvoice()) {
            return engine.extract(document);
        }
        long started = System.nanoTime();
        EInvoice invoice = reader.read(document.invoiceXml(), document.source().fileName());
        long millis = (System.nanoTime() - started) / 1_000_000;
        String model = invoice.specification() != null ? invoice.specification() : invoice.syntax().name();
        return new Extraction(document, ENGINE, fields(invoice), Map.of(), List.of(kept(document)),
                new Usage(model, 0, 0, 0, 0, BigDecimal.ZERO, millis, null), Map.of(), invoice);
    }

    /** Invoice XML says the same the second time: no re-ask. */
    @Override
    public Extraction reask(Extraction first, List<Violation> violations) {
        return first.einvoice() != null ? first : engine.reask(first, violations);
    }

    /** The invoice's values as text in the schema's names, stored as the extraction's raw fields. */
    static RawFields fields(EInvoice invoice) {
        List<RawFields.Item> items = new ArrayList<>();
        for (EInvoice.Line line : invoice.lines()) {
            items.add(new RawFields.Item(line.name(), text(line.quantity()), text(line.netPrice()), text(line.netAmount()),
                    line.unit(), line.vatCategory(), text(line.vatRate())));
        }
        List<RawFields.TaxLine> taxLines = new ArrayList<>();
        for (EInvoice.VatBreakdown vat : invoice.vatBreakdown()) {
            taxLines.add(new RawFields.TaxLine(text(vat.rate()), text(vat.amount()), text(vat.base()), vat.category()));
        }
        EInvoice.Party seller = invoice.seller();
        EInvoice.Party buyer = invoice.buyer();
        return new RawFields(invoice.isCreditNote() ? "credit_note" : "invoice",
                seller == null ? null : seller.name(), seller == null ? null : seller.address(),
                text(invoice.issueDate()), null, items,
                text(invoice.lineTotal()), text(invoice.taxTotal()), null, text(invoice.allowanceTotal()),
                text(invoice.grandTotal()), invoice.currency(),
                invoice.payment() == null ? null : invoice.payment().code(), invoice.number(), text(invoice.dueDate()),
                seller == null ? null : seller.vatId() != null ? seller.vatId() : seller.taxId(),
                buyer == null ? null : buyer.name(), invoice.orderReference(), taxLines,
                seller == null ? null : seller.vatId(), invoice.buyerReference(), text(invoice.netTotal()),
                text(invoice.chargeTotal()), text(invoice.amountDue()),
                invoice.payment() == null ? null : invoice.payment().iban(), invoice.typeCode());
    }

    private static String kept(RenderedDocument document) {
        try {
            String xml = Files.readString(document.invoiceXml().file(), StandardCharsets.UTF_8);
            return xml.length() <= KEPT_XML_CHARS ? xml : xml.substring(0, KEPT_XML_CHARS) + "…";
        } catch (java.io.IOException | java.io.UncheckedIOException e) {
            return "(the invoice XML could not be read again: " + e.getMessage() + ")";
        }
    }

    private static String text(BigDecimal value) {
        return value == null ? null : value.toPlainString();
    }

    private static String text(LocalDate value) {
        return value == null ? null : value.toString();
    }
}
