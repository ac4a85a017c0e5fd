package dev.ledgerlens.extract.einvoice;

import dev.ledgerlens.extract.EInvoice;
import dev.ledgerlens.failure.FailureReason;
import dev.ledgerlens.failure.LedgerlensException;
import dev.ledgerlens.render.InvoiceXml;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a document's invoice XML into an {@link EInvoice}: the XML is first read once by a hardened streaming parser
 * ({@link XmlGuard}: no DTD, no entities, well-formed, bounded nesting), then bound by Mustang (CII) or ph-ubl (UBL).
 * An invoice without what EN 16931 requires of every invoice (number, issue date, currency, total) is
 * {@code EINVOICE_MALFORMED}. Thread-safe.
 */
public final class EInvoiceReader {
    private final XmlGuard guard = new XmlGuard();
    private final CiiReader cii = new CiiReader();
    private final UblReader ubl = new UblReader();

    /**
     * The invoice in {@code xml}.
     *
     * @param documentName the document's file name, for messages
     * @throws LedgerlensException EINVOICE_UNSAFE_XML, EINVOICE_MALFORMED, or SOURCE_UNREADABLE when the file is gone
     */
    public EInvoice read(InvoiceXml xml, String documentName) {
        String what = xml.attached() ? "the invoice XML (" + xml.origin() + ") of '" + documentName + "'"
                : "the invoice XML '" + documentName + "'";
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(xml.file()); // bounded by ledgerlens.einvoice.max-xml-bytes in the render stage
        } catch (IOException e) {
            throw new LedgerlensException(FailureReason.SOURCE_UNREADABLE, "cannot read " + what + " at " + xml.file()
                    + ": " + e.getMessage(), e);
        }
        guard.check(bytes, what);
        EInvoice invoice = xml.syntax().isUbl() ? ubl.read(bytes, xml.syntax(), what) : cii.read(bytes, xml.syntax(), what);
        List<String> missing = new ArrayList<>();
        if (invoice.number() == null) {
            missing.add("BT-1 invoice number");
        }
        if (invoice.issueDate() == null) {
            missing.add("BT-2 issue date");
        }
        if (invoice.currency() == null) {
            missing.add("BT-5 currency");
        }
        if (invoice.grandTotal() == null) {
            missing.add("BT-112 total with VAT");
        }
        if (!missing.isEmpty()) {
            throw Values.malformed(what, "it lacks what every EN 16931 invoice states: " + String.join(", ", missing));
        }
        return invoice;
    }
}
