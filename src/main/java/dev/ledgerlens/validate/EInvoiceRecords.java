package dev.ledgerlens.validate;

import dev.ledgerlens.extract.EInvoice;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns an e-invoice into a record and runs the checks only an e-invoice has. The values are taken as the XML states
 * them, with no parsing heuristics (no decimal-separator or date-order guessing), so an e-invoice never needs them.
 *
 * <p>Mapping (EN 16931 terms; docs/einvoices.md has the full table): {@code subtotal} is the sum of line net amounts
 * (BT-106), {@code discount} the document allowances (BT-107), {@code charges} the document charges (BT-108),
 * {@code net_total} BT-109, {@code tax} BT-110, {@code total} BT-112 and {@code amount_due} BT-115; each VAT breakdown
 * entry (BG-23) becomes a tax line with rate, amount, base and category; a credit note is {@code credit_note} with
 * its amounts as stated. The arithmetic is then checked by the {@link Reconciler}'s named rules like any record's.
 *
 * <p>Checks here: {@value #AMOUNT_DUE_RULE} (BR-CO-16: amount due = total − paid + rounding) and, for a PDF,
 * {@value #PDF_MISMATCH_RULE}: the invoice number and the grand total of the XML must appear in the PDF's text layer,
 * otherwise the visible invoice says something other than its data. Immutable and thread-safe.
 */
public final class EInvoiceRecords {
    /** The review reason of an e-invoice PDF whose visible text does not show its XML's number or total. */
    public static final String PDF_MISMATCH_RULE = "einvoice_pdf_mismatch";
    /** The review reason of an amount due that is not total − paid + rounding. */
    public static final String AMOUNT_DUE_RULE = "amount_due_equals_total_less_paid";

    /** UNTDID 4461 payment means codes, in words (the codes EN 16931 invoices use most). */
    private static final Map<String, String> PAYMENT_MEANS = Map.ofEntries(
            Map.entry("1", "not defined"), Map.entry("10", "cash"), Map.entry("20", "cheque"),
            Map.entry("30", "credit transfer"), Map.entry("31", "debit transfer"), Map.entry("42", "bank account"),
            Map.entry("48", "bank card"), Map.entry("49", "direct debit"), Map.entry("54", "credit card"),
            Map.entry("55", "debit card"), Map.entry("57", "standing agreement"), Map.entry("58", "SEPA credit transfer"),
            Map.entry("59", "SEPA direct debit"), Map.entry("68", "online payment service"),
            Map.entry("97", "clearing between partners"), Map.entry("ZZZ", "mutually defined"));

    private final BigDecimal totalTolerance;
    private final Grounder grounder;

    EInvoiceRecords(ValidationSettings settings, Grounder grounder) {
        this.totalTolerance = settings.totalTolerance();
        this.grounder = grounder;
    }

    /** The record of an e-invoice, every value as stated. */
    public static DocumentRecord record(EInvoice invoice) {
        List<DocumentRecord.LineItem> items = new ArrayList<>();
        for (EInvoice.Line line : invoice.lines()) {
            items.add(new DocumentRecord.LineItem(line.name(), line.quantity(), unitPrice(line), line.netAmount(),
                    line.unit(), line.vatCategory(), line.vatRate()));
        }
        List<DocumentRecord.TaxLine> taxLines = new ArrayList<>();
        for (EInvoice.VatBreakdown vat : invoice.vatBreakdown()) {
            taxLines.add(new DocumentRecord.TaxLine(vat.rate(), vat.amount(), vat.base(), vat.category()));
        }
        EInvoice.Party seller = invoice.seller();
        EInvoice.Party buyer = invoice.buyer();
        EInvoice.Payment payment = invoice.payment();
        return new DocumentRecord(invoice.isCreditNote() ? "credit_note" : "invoice",
                seller == null ? null : seller.name(), seller == null ? null : seller.address(),
                invoice.issueDate(), null, items,
                invoice.lineTotal(), invoice.taxTotal(), null, invoice.allowanceTotal(), invoice.grandTotal(),
                invoice.currency() == null ? null : invoice.currency().toUpperCase(Locale.ROOT),
                payment == null || payment.code() == null ? null : PAYMENT_MEANS.getOrDefault(payment.code(), payment.code()),
                invoice.number(), invoice.dueDate(),
                // the tax number a reader looks for: the VAT id when there is one, else the national tax number
                seller == null ? null : seller.vatId() != null ? seller.vatId() : seller.taxId(),
                buyer == null ? null : joined(buyer.name(), buyer.address()),
                invoice.orderReference(), taxLines,
                seller == null ? null : seller.vatId(), invoice.buyerReference(), invoice.netTotal(),
                invoice.chargeTotal(), invoice.amountDue(), payment == null ? null : payment.iban(), invoice.typeCode());
    }

    /**
     * The e-invoice's own reasons for review. {@code pages} is the PDF's text (empty for an XML file, where there is
     * nothing visible to compare with); {@code attached} says whether the XML came out of a PDF.
     */
    List<ReviewReason> check(EInvoice invoice, DocumentRecord record, List<PageText> pages, boolean attached,
                             Map<String, FieldGrounding> grounding) {
        List<ReviewReason> reasons = new ArrayList<>();
        if (invoice.grandTotal() != null && invoice.amountDue() != null) {
            BigDecimal expected = invoice.grandTotal().subtract(orZero(invoice.prepaid())).add(orZero(invoice.rounding()));
            BigDecimal difference = expected.subtract(invoice.amountDue()).abs();
            if (difference.compareTo(totalTolerance) > 0) {
                reasons.add(new ReviewReason(AMOUNT_DUE_RULE, "total " + invoice.grandTotal().toPlainString()
                        + " − paid " + orZero(invoice.prepaid()).toPlainString() + " + rounding "
                        + orZero(invoice.rounding()).toPlainString() + " = " + expected.toPlainString()
                        + " but the amount due is " + invoice.amountDue().toPlainString()
                        + " (difference " + difference.toPlainString() + ", tolerance " + totalTolerance.toPlainString() + ")"));
            }
        }
        if (attached) {
            comparePdf(record, pages, reasons, grounding);
        }
        return reasons;
    }

    /** The XML's invoice number and grand total must be printed on the PDF it is attached to. */
    private void comparePdf(DocumentRecord record, List<PageText> pages, List<ReviewReason> reasons,
                            Map<String, FieldGrounding> grounding) {
        List<PageText> withText = pages.stream().filter(page -> !page.text().isBlank()).toList();
        if (withText.isEmpty()) {
            reasons.add(new ReviewReason(PDF_MISMATCH_RULE, "the PDF has no text layer, so its visible invoice cannot be"
                    + " compared with its XML (invoice " + record.invoiceNumber() + ", total " + record.total().toPlainString() + ")"));
            return;
        }
        List<String> missing = new ArrayList<>();
        Integer numberPage = null;
        String number = squeezed(record.invoiceNumber());
        for (PageText page : withText) {
            if (numberPage == null && squeezed(page.text()).contains(number)) {
                numberPage = page.page();
            }
        }
        grounding.put("invoice_number", new FieldGrounding(numberPage != null, numberPage));
        if (numberPage == null) {
            missing.add("invoice number " + record.invoiceNumber());
        }
        DocumentRecord totalOnly = new DocumentRecord(record.documentType(), null, null, null, null, List.of(), null,
                null, null, null, record.total(), null, null, null, null, null, null, null, List.of());
        FieldGrounding total = grounder.ground(totalOnly, pages).fields().get("total");
        if (total != null) {
            grounding.put("total", total);
        }
        if (total == null || !total.grounded()) {
            missing.add("total " + record.total().toPlainString());
        }
        if (!missing.isEmpty()) {
            reasons.add(new ReviewReason(PDF_MISMATCH_RULE, "the PDF's visible text does not show the XML's "
                    + String.join(" or ", missing) + ": the printed invoice and its data disagree"));
        }
    }

    /** The price of one unit: BT-146 is per BT-149 base quantity (a price per 100 pieces, say). */
    private static BigDecimal unitPrice(EInvoice.Line line) {
        if (line.netPrice() == null || line.baseQuantity() == null || line.baseQuantity().compareTo(BigDecimal.ONE) == 0
                || line.baseQuantity().signum() == 0) {
            return line.netPrice();
        }
        return line.netPrice().divide(line.baseQuantity(), MathContext.DECIMAL64).stripTrailingZeros();
    }

    /** Upper case without white space: "RE 2026-0815" on the page is the number RE-2026-0815 in the XML too. */
    private static String squeezed(String text) {
        return text == null ? "" : text.replaceAll("\\s+", "").toUpperCase(Locale.ROOT);
    }

    private static String joined(String name, String address) {
        if (name == null) {
            return address;
        }
        return address == null ? name : name + ", " + address;
    }

    private static BigDecimal orZero(BigDecimal value) {
        return value == null ? BigDecimal.ZERO : value;
    }
}
