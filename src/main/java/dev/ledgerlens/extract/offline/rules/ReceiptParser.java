package dev.ledgerlens.extract.offline.rules;

import dev.ledgerlens.extract.FieldEvidence;
import dev.ledgerlens.extract.RawFields;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Layout-aware field rules: reads the fields of a receipt or invoice from its printed rows.
 * Works on {@link TextLine}s only (text plus position and OCR confidence), never on OCR types, so the same
 * rules read a PDF text layer, Tesseract output or ground-truth text.
 *
 * <p>Each family of fields has its rules in a class of its own, which this parser runs in order (a later rule
 * may use what an earlier one found: the address starts under the name, the items lie between the date and the
 * total): {@link NameRules}, {@link AddressRules}, {@link DateTimeRules}, {@link AmountRules}, {@link ItemRules},
 * {@link IdentifierRules}; {@link MisreadingRepairs} undoes OCR's misreadings on the way. {@link PassVote}
 * combines the readings of several OCR passes.
 *
 * <p>Values are returned as printed (the amount "1.234,56" without its currency sign; the date "15/01/2019");
 * the currency is reported separately as an ISO-4217 code when a symbol or code is printed. Each field gets a
 * confidence: the OCR confidence of the row it came from times how strongly the rule that found it holds.
 *
 * <p>Stateless and thread-safe.
 */
public final class ReceiptParser {
    private final MisreadingRepairs repairs;
    private final Spelling spelling;
    private final NameRules names;
    private final AddressRules addresses;
    private final DateTimeRules dates;
    private final AmountRules amounts;
    private final ItemRules items;
    private final IdentifierRules identifiers;
    private final IssuerRules issuers;

    /**
     * @param lineJoin how the rows of the shop's or vendor's address become one line (a customer block's rows are
     *                 always joined with commas, as a name and an address are typed)
     * @param labels   the label words of the languages to read, and the vocabulary of their names and addresses
     *                 ({@code ledgerlens.offline.labels})
     */
    public ReceiptParser(LineJoin lineJoin, Labels labels) {
        this.repairs = new MisreadingRepairs(labels);
        this.spelling = Spelling.of(labels);
        this.names = new NameRules(labels);
        this.addresses = new AddressRules(lineJoin, labels);
        this.identifiers = new IdentifierRules(labels);
        this.dates = new DateTimeRules(labels);
        this.amounts = new AmountRules(labels);
        this.items = new ItemRules(labels, amounts);
        this.issuers = new IssuerRules(labels, items, names);
    }

    /** A parser for every shipped language. */
    public ReceiptParser(LineJoin lineJoin) {
        this(lineJoin, Labels.shipped());
    }

    /** A parser that joins address rows with commas, for every shipped language. */
    public ReceiptParser() {
        this(LineJoin.COMMA);
    }

    /**
     * The fields read, per field (schema name) the confidence 0..1 of each non-null field, and what each field's
     * reading rests on ({@link FieldEvidence}: the rule's strength, the row's OCR confidence, arithmetic that confirms it).
     */
    public record Parsed(RawFields fields, Map<String, Double> confidence, Map<String, FieldEvidence> evidence) {
        public Parsed {
            confidence = Map.copyOf(confidence);
            evidence = evidence == null ? Map.of() : Map.copyOf(evidence);
        }

        /** Fields and confidences without evidence. */
        public Parsed(RawFields fields, Map<String, Double> confidence) {
            this(fields, confidence, Map.of());
        }
    }

    /** Reads the fields from the rows of all pages, in reading order. */
    public Parsed parse(List<TextLine> lines) {
        List<Row> rows = new ArrayList<>();
        for (int index = 0; index < lines.size(); index++) {
            rows.add(Row.of(index, lines.get(index), repairs));
        }
        Map<String, Double> confidence = new LinkedHashMap<>();

        Field<String> name = issuers.issuer(rows, names.storeName(rows));
        // a letter's sender line holds the issuer's address; the block under its name is the customer's window
        Field<String> senderAddress = issuers.senderAddress(rows, name);
        // with no name read (a logo OCR cannot read), the address is looked for from the top
        Field<String> address = senderAddress != null ? senderAddress : addresses.storeAddress(rows, name);
        name = respelt(name, rows);
        address = respelt(address, rows);
        Field<PrintedDate> date = dates.date(rows, false);
        Field<PrintedDate> dueDate = dates.date(rows, true);
        Field<String> time = dates.time(rows, date);
        Field<PrintedAmount> subtotal = amounts.subtotal(rows);
        List<RawFields.TaxLine> taxLines = amounts.taxLines(rows);
        Field<PrintedAmount> tax = amounts.tax(rows, taxLines);
        Field<PrintedAmount> tip = amounts.tip(rows);
        Field<PrintedAmount> discount = amounts.discount(rows, subtotal);
        Field<PrintedAmount> charges = amounts.charges(rows, subtotal);
        AmountRules.Payment paid = AmountRules.payment(rows);
        Field<PrintedAmount> total = amounts.total(rows, new AmountRules.Parts(subtotal, tax, tip, discount, charges), paid);
        if (AmountRules.tooLargeForTax(tax, total)) {
            // another amount of a tax row, or of a summary below it, was read as the tax: no tax beats a wrong one
            tax = null;
            taxLines = taxLines.stream().filter(line -> !AmountRules.tooLargeForTax(line, total)).toList();
        }
        if (subtotal == null) {
            subtotal = amounts.subtotalBefore(rows, tax, total);
        }
        // a totals row's net amount is after any discount, tip or charge: it is the subtotal only of a bill with none
        AmountRules.Parts totals = subtotal == null && tax == null && discount == null && tip == null && charges == null
                ? amounts.totalsRow(rows, total) : null;
        if (totals != null) {
            subtotal = totals.subtotal();
            tax = totals.tax();
        }
        String currency = identifiers.currency(rows);
        Field<String> payment = identifiers.paymentMethod(rows, total);
        Field<String> invoiceNumber = identifiers.invoiceNumber(rows);
        Field<String> poNumber = identifiers.poNumber(rows);
        Field<String> vendorTaxId = identifiers.vendorTaxId(rows);
        Field<String> billTo = identifiers.billTo(rows);
        int itemsEnd = total != null ? total.row() : rows.size();
        if (subtotal != null) {
            itemsEnd = Math.min(itemsEnd, subtotal.row());
        }
        List<RawFields.Item> itemList = items.items(rows, date, name, itemsEnd);
        String printedType = identifiers.documentType(rows);
        String documentType = dueDate != null && !printedType.equals("credit_note") ? "invoice" : printedType;

        Map<String, FieldEvidence> evidence = new LinkedHashMap<>();
        put(confidence, evidence, rows, "store_name", name, false);
        put(confidence, evidence, rows, "store_address", address, false);
        put(confidence, evidence, rows, "date", date, false);
        put(confidence, evidence, rows, "due_date", dueDate, false);
        put(confidence, evidence, rows, "time", time, false);
        put(confidence, evidence, rows, "subtotal", subtotal, false);
        put(confidence, evidence, rows, "tax", tax, false);
        put(confidence, evidence, rows, "tip", tip, false);
        put(confidence, evidence, rows, "discount", discount, false);
        put(confidence, evidence, rows, "charges", charges, false);
        put(confidence, evidence, rows, "total", total,
                total != null && closes(rows, total, new AmountRules.Parts(subtotal, tax, tip, discount, charges), paid));
        put(confidence, evidence, rows, "payment_method", payment, false);
        put(confidence, evidence, rows, "invoice_number", invoiceNumber, false);
        put(confidence, evidence, rows, "po_number", poNumber, false);
        put(confidence, evidence, rows, "vendor_tax_id", vendorTaxId, false);
        put(confidence, evidence, rows, "bill_to", billTo, false);
        if (currency != null) {
            confidence.put("currency", 0.9);
        }
        confidence.put("document_type", 0.8);

        RawFields fields = new RawFields(documentType,
                Field.valueOf(name), Field.valueOf(address),
                date == null ? null : date.value().printed(), Field.valueOf(time), itemList,
                amount(subtotal), amount(tax), amount(tip), discount == null ? null : discount.value().printed(), amount(total),
                currency, Field.valueOf(payment), Field.valueOf(invoiceNumber),
                dueDate == null ? null : dueDate.value().printed(), Field.valueOf(vendorTaxId), Field.valueOf(billTo),
                Field.valueOf(poNumber), taxLines, null, null, null, amount(charges), null, null, null);
        return new Parsed(fields, confidence, evidence);
    }

    private static void put(Map<String, Double> confidence, Map<String, FieldEvidence> evidence, List<Row> rows,
                            String field, Field<?> value, boolean closes) {
        if (value == null) {
            return;
        }
        double sureness = Math.max(0, Math.min(1, value.confidence()));
        confidence.put(field, sureness);
        // a field's confidence is its row's OCR confidence times the rule's strength: take the two apart again
        double ocr = value.row() >= 0 && value.row() < rows.size() ? rows.get(value.row()).line().confidence() : 1.0;
        evidence.put(field, FieldEvidence.single(ocr > 0 ? Math.min(1, sureness / ocr) : sureness, ocr, closes));
    }

    /**
     * Whether what is printed on other rows gives the total: subtotal (+ tax) on a row of its own, the amount tendered
     * less the change given back, or the amount paid on a payment row of its own (a card's charge, the cash when no
     * change was due). A second print of the amount, read apart from the total's own digits, confirms that they were
     * read right; a total the rules took from the wrong row rarely equals what was paid.
     */
    private static boolean closes(List<Row> rows, Field<PrintedAmount> total, AmountRules.Parts parts,
                                  AmountRules.Payment payment) {
        java.math.BigDecimal value = total.value().value();
        Field<PrintedAmount> subtotal = parts.subtotal();
        if (subtotal != null && subtotal.row() != total.row()) {
            // subtotal + tax as the total's rules add them up; a subtotal with no tax read is the total printed twice
            java.math.BigDecimal comesTo = parts.tax() == null ? subtotal.value().value() : parts.comesTo(total.row());
            if (comesTo.compareTo(value) == 0) {
                return true;
            }
        }
        return payment != null && payment.change().signum() > 0 && payment.tenderedRow() != total.row()
                && payment.tendered().subtract(payment.change()).compareTo(value) == 0
                // the amount charged or handed over, printed on a payment row of its own ("VISA 48.95", "CASH 12.00")
                || AmountRules.paidElsewhere(rows, total.row(), value) > 0;
    }

    /**
     * A name or address with its words that OCR misread by one letter respelt from the vocabulary ({@link Spelling}).
     * Text that is exact is left as printed: a text layer (its rows' confidence is 1), or a row the recogniser was
     * wholly sure of; "Forniture" on an Italian invoice is a word, not "Furniture" misread.
     */
    private Field<String> respelt(Field<String> field, List<Row> rows) {
        if (field == null || field.row() < 0 || field.row() >= rows.size()
                || rows.get(field.row()).line().confidence() >= 1) {
            return field;
        }
        return new Field<>(spelling.respell(field.value()), field.row(), field.confidence());
    }

    /**
     * An amount as printed, with its minus: a refund's total is negative ("-$80.00" gives "-80.00"). A discount is
     * written as the amount taken off, whatever its sign ("-2.00" gives "2.00").
     */
    private static String amount(Field<PrintedAmount> field) {
        return field == null ? null : field.value().signed();
    }
}
