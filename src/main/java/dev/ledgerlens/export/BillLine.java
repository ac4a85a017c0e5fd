package dev.ledgerlens.export;

import dev.ledgerlens.validate.DocumentRecord;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * One line of a bill as accounting imports want it. A document's lines are its items; a tip and a discount
 * become lines of their own so the lines add up like the document; a document without items becomes one
 * line for its subtotal (else the total less tax and tip plus the discount, so the lines and the tax add up
 * to the total). The document's tax goes on the first line only.
 *
 * @param description what was bought
 * @param quantity    1 when not printed
 * @param unitAmount  the unit price, or the line amount when no unit price is printed
 * @param amount      the line amount
 * @param tax         the document's tax on the first line, else null
 */
record BillLine(String description, BigDecimal quantity, BigDecimal unitAmount, BigDecimal amount, BigDecimal tax) {

    static List<BillLine> of(DocumentRecord record) {
        List<BillLine> lines = new ArrayList<>();
        for (int i = 0; i < record.items().size(); i++) {
            DocumentRecord.LineItem item = record.items().get(i);
            if (item.price() == null) {
                continue; // a line without a price (a comment, a weight) is nothing to book
            }
            String name = item.name() == null ? "Item " + (i + 1) : item.name();
            boolean unitKnown = item.qty() != null && item.unitPrice() != null;
            lines.add(new BillLine(name, unitKnown ? item.qty() : BigDecimal.ONE,
                    unitKnown ? item.unitPrice() : item.price(), item.price(), null));
        }
        if (lines.isEmpty()) {
            // Without a subtotal the one line is what is left of the total once tax, tip and discount have lines.
            BigDecimal amount = record.subtotal() != null ? record.subtotal()
                    : record.total().subtract(orZero(record.tax())).subtract(orZero(record.tip()))
                    .add(orZero(record.discount()).abs());
            String description = record.storeName() != null ? record.storeName() : record.documentType();
            lines.add(new BillLine(description, BigDecimal.ONE, amount, amount, null));
        }
        if (record.tip() != null && record.tip().signum() != 0) {
            lines.add(new BillLine("Tip", BigDecimal.ONE, record.tip(), record.tip(), null));
        }
        if (record.discount() != null && record.discount().signum() != 0) {
            BigDecimal off = record.discount().abs().negate();
            lines.add(new BillLine("Discount", BigDecimal.ONE, off, off, null));
        }
        BillLine first = lines.get(0);
        lines.set(0, new BillLine(first.description(), first.quantity(), first.unitAmount(), first.amount(), record.tax()));
        return lines;
    }

    private static BigDecimal orZero(BigDecimal value) {
        return value == null ? BigDecimal.ZERO : value;
    }

    /** The bill number: the invoice number, else a stable one from the document's identity. */
    static String billNumber(String invoiceNumber, String sha256) {
        if (invoiceNumber != null && !invoiceNumber.isBlank()) {
            return invoiceNumber;
        }
        return "LL-" + sha256.substring(0, Math.min(10, sha256.length()));
    }

    /** The vendor as the accounting system needs one: the store name, or a placeholder it will ask about. */
    static String vendor(DocumentRecord record) {
        return record.storeName() != null ? record.storeName() : "Unknown vendor";
    }
}
