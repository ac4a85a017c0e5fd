package dev.ledgerlens.export;

import dev.ledgerlens.store.StoredDocument;

import java.math.BigDecimal;
import java.util.List;

/**
 * A stored document as a bill (or, with negative amounts, a credit note), before any accounting system's columns:
 * lines whose amounts and taxes add up to the document's total, and whose taxes add up, rate by rate, to the
 * document's tax lines.
 *
 * @param document   the stored document
 * @param number     the bill number: the invoice number, else {@code LL-} and the start of the SHA-256
 * @param credit     a credit note or refund (negative total, or a credit-note document type)
 * @param amountsAre whether the line amounts include tax
 * @param lines      the lines, in document order, then tip, discount, rounding
 * @param total      the document's total, signed like the lines
 * @param perRate    true when the document goes out as one line per tax rate because its lines' rates cannot be known
 * @param notes      what an accountant should know about how this bill was built (empty when nothing)
 */
public record Bill(StoredDocument document, String number, boolean credit, AmountsAre amountsAre, List<BillLine> lines,
                   BigDecimal total, boolean perRate, List<String> notes) {
    public Bill {
        lines = List.copyOf(lines);
        notes = List.copyOf(notes);
    }

    /** The bill number for an invoice number (may be null) and a document's SHA-256: stable, so repeats match. */
    static String number(String invoiceNumber, String sha256) {
        if (invoiceNumber != null && !invoiceNumber.isBlank()) {
            return invoiceNumber.trim();
        }
        return "LL-" + sha256.substring(0, Math.min(10, sha256.length()));
    }

    /** "F-2026-1093 (invoice-eur-two-rates.pdf)": how summaries and errors name a bill. */
    String name() {
        return number + " (" + document.fileName() + ")";
    }
}
