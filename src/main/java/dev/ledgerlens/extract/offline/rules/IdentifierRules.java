package dev.ledgerlens.extract.offline.rules;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Identifiers and payment: the invoice and PO numbers, the vendor's tax id and the customer block from their
 * labelled cells; the currency from the symbols and codes printed; the payment method printed below the total;
 * whether the document is an invoice. Stateless and thread-safe.
 */
final class IdentifierRules {
    private static final Pattern CURRENCY = Pattern.compile(
            "(?<!\\p{L})(RM|MYR|USD|US\\$|EUR|GBP|SGD|S\\$|AUD|A\\$|CAD|C\\$|CHF|JPY|INR|IDR|THB|PHP|HKD|NZD|CNY|RMB)(?!\\p{L})|([€£$¥₹])");
    /** Payment words, by method, in the order they are looked for. */
    private static final List<Map.Entry<Pattern, String>> PAYMENT = List.of(
            Map.entry(Pattern.compile("(?<!\\p{L})(?:VISA|MASTERCARD|MASTER CARD|MASTER|AMEX|AMERICAN EXPRESS|DINERS|MAESTRO|UNIONPAY|JCB)(?!\\p{L})"), "card"),
            Map.entry(Pattern.compile("(?<!\\p{L})(?:CREDIT CARD|DEBIT CARD|EC-KARTE|EC KARTE|GIROCARD|KARTE|CARTE BANCAIRE|CARTE|TARJETA|CARD|CREDIT|DEBIT|EFTPOS|CONTACTLESS)(?!\\p{L})"), "card"),
            Map.entry(Pattern.compile("(?<!\\p{L})(?:BANK TRANSFER|WIRE TRANSFER|TRANSFER|BACS|SEPA|IBAN|CHEQUE|CHECK NO)(?!\\p{L})"), "transfer"),
            Map.entry(Pattern.compile("(?<!\\p{L})(?:E-?WALLET|GRABPAY|BOOST|TOUCH ?N ?GO|PAYPAL|APPLE PAY|GOOGLE PAY|ALIPAY|WECHAT)(?!\\p{L})"), "wallet"),
            Map.entry(Pattern.compile("(?<!\\p{L})(?:CASH|TUNAI|BAR|BARGELD|ESPÈCES|ESPECES|EFECTIVO|CONTANTI)(?!\\p{L})"), "cash"));
    private static final Pattern INVOICE_NUMBER = Pattern.compile(
            "(?<!\\p{L})(?:INVOICE|INV|BILL|RECEIPT|RCPT)\\.?\\s*(?:NO\\.?|NUMBER|NUM|#|ID)?\\s*[:.#]?\\s*#?\\s*([A-Z0-9][A-Z0-9\\-/.]*\\d[A-Z0-9\\-/]*)");
    private static final Pattern PO_NUMBER = Pattern.compile(
            "(?<!\\p{L})(?:P\\.?\\s?O\\.?|PURCHASE\\s+ORDER|ORDER)\\s*(?:NO\\.?|NUMBER|#|REF)?\\s*[:.#]?\\s*([A-Z0-9][A-Z0-9\\-/]*\\d[A-Z0-9\\-/]*)");
    private static final Pattern VENDOR_TAX_ID = Pattern.compile(
            "(?<!\\p{L})(?:VAT|GST|SST|TAX|ABN|UST|TIN|EIN|USTID|UST-IDNR|TVA|NIF|CIF)\\.?\\s*(?:REG(?:ISTRATION)?\\.?)?\\s*(?:ID|NO|NUMBER|#|IDNR)?\\.?\\s*[:.#]?\\s*"
                    + "([A-Z]{0,3}\\s?\\d[\\dA-Z\\- ]{4,}[\\dA-Z])");
    private static final Pattern BILL_TO = Pattern.compile("^(?:BILL(?:ED)?\\s*TO|INVOICE\\s*TO|SOLD\\s*TO|CUSTOMER)(?!\\p{L})\\s*[:.]?\\s*(.*)$");
    /** What may follow a customer label in its cell: nothing, a colon, or a colon and the customer's name. */
    private static final Pattern AFTER_CUSTOMER_LABEL = Pattern.compile("\\s*(?:[:.]?\\s*|:\\s*(\\p{L}.{0,60}))");
    /** A row with a label of its own ("Ship to:", "Terms:"): the customer block above it has ended. */
    private static final Pattern OTHER_LABEL = Pattern.compile("^[\\p{L} .]{2,30}:.*");
    private static final Pattern INVOICE_WORD = Pattern.compile(".*(?<!\\p{L})(?:INVOICE|BILL)(?!\\p{L}).*");

    /** A document number as printed: letters, digits and the usual joiners, with at least one digit. */
    private static final Pattern NUMBER_TOKEN = Pattern.compile("^[#№]?\\s*([\\p{L}\\d][\\p{L}\\d\\-/._]*)");
    /** A series of one to four capitals and a number with digits after a space ("FT 2026/187"), no date. */
    private static final Pattern SERIES_AND_NUMBER = Pattern.compile("^(\\p{Lu}{1,4})\\s(\\d[\\p{L}\\d\\-/._]*)(?=\\s|$)");

    private final Labels labels;
    private final LabelledValues labelled;

    IdentifierRules(Labels labels) {
        this.labels = labels;
        this.labelled = new LabelledValues(labels);
    }

    /** The document number at the start of {@code text} ("RE-2026-0815", "2026/84714"), or null: no digit, or a date. */
    static String documentNumber(String text) {
        String stripped = text.strip();
        Matcher series = SERIES_AND_NUMBER.matcher(stripped);
        if (series.find() && PrintedDate.findAll(series.group(2)).isEmpty()) {
            // "FT 2026/187", "INV 00412": a series of capitals, then its number, is one document number
            return series.group(1) + " " + series.group(2).replaceAll("[.,;:/\\-]+$", "");
        }
        Matcher matcher = NUMBER_TOKEN.matcher(stripped);
        if (!matcher.find()) {
            return null;
        }
        String token = matcher.group(1).replaceAll("[.,;:/\\-]+$", "");
        if (token.chars().noneMatch(Character::isDigit) || token.length() > 30 || !PrintedDate.findAll(token).isEmpty()) {
            return null;
        }
        return token;
    }

    /**
     * "invoice" when the document says INVOICE or BILL anywhere, or a cell is headed by an invoice title of a loaded
     * language ("Rechnung", "FACTURE N° 12", "Factuur"), else "receipt".
     */
    String documentType(List<Row> rows) {
        // a credit note's title may share its cell with an invoice's number ("Credit note for invoice 4711")
        // a title prints no amount: "AVOIR 5,00" on a French till slip is a voucher paid with, not a credit note
        if (rows.stream().anyMatch(row -> row.amounts().isEmpty()
                && row.foldedCells().stream().anyMatch(cell -> isTitle(cell, Labels.Kind.CREDIT_NOTE_TITLE)))) {
            return "credit_note";
        }
        return rows.stream().anyMatch(row -> INVOICE_WORD.matcher(row.upper()).matches()
                || row.foldedCells().stream().anyMatch(this::isInvoiceTitle)) ? "invoice" : "receipt";
    }

    /** A cell that is a title of {@code kind}, alone or before a number or a few words ("Gutschrift Nr. 12", "Rechnung Nr. 114"). */
    private boolean isTitle(String folded, Labels.Kind kind) {
        String cell = folded.strip();
        int end = labels.opening(kind, cell);
        return end >= 0 && cell.length() - end <= 30;
    }

    /** A cell that is an invoice title, alone or before its number ("Rechnung Nr. 114"), not a word that starts with one. */
    private boolean isInvoiceTitle(String folded) {
        return isTitle(folded, Labels.Kind.INVOICE_TITLE);
    }

    /**
     * Where the invoice title that opens {@code folded} (a folded, stripped cell) ends, when the cell starts with one
     * and no letter follows it ("RECHNUNG", "FACTURE N° 12"; not "RECHNUNGSADRESSE"); else -1.
     */
    private int titleEnd(String folded) {
        return labels.opening(Labels.Kind.INVOICE_TITLE, folded);
    }

    /** The number its label names in a loaded language, beside or under the label; else the built-in English pattern. */
    Field<String> invoiceNumber(List<Row> rows) {
        LabelledValues.Found named = labelled.first(rows, Labels.Kind.INVOICE_NUMBER, java.util.Set.of(Labels.Kind.CUSTOMER_NUMBER),
                IdentifierRules::documentNumber);
        if (named != null) {
            return new Field<>(named.value(), named.row(), rows.get(named.row()).line().confidence() * 0.9 * named.strength());
        }
        Field<String> english = firstGroup(rows, INVOICE_NUMBER, 0.85);
        return english != null ? english : underTitle(rows);
    }

    /** "N°", "No.", "Nr.", "#" before a number: what a title's own number is printed with. */
    private static final Pattern NUMBER_MARK = Pattern.compile("^(?:N\\s?[°ºo]|NO\\.?|NR\\.?|NUM\\.?|#|№)\\s*[:.]?\\s*(?=[\\p{L}\\d])",
            Pattern.CASE_INSENSITIVE);

    /**
     * The number printed with the document's title and nothing else: "FACTURE" with "N° F-2026-031" in its cell or
     * in the cell under it ("Rechnung Nr. 114", "INVOICE # 1042"). A bare "N°" elsewhere may number a tax registration
     * or a customer; under the title it numbers the document.
     */
    private Field<String> underTitle(List<Row> rows) {
        for (int index = 0; index < Math.min(rows.size(), 30); index++) {
            Row row = rows.get(index);
            List<String> cells = row.line().cells();
            for (int at = 0; at < cells.size(); at++) {
                String cell = cells.get(at).strip();
                int end = titleEnd(Labels.fold(cell)); // folding keeps every character where it was
                if (end < 0) {
                    continue;
                }
                String rest = cell.substring(end).strip();
                String number = markedNumber(rest);
                if (number == null && index + 1 < rows.size()) {
                    number = cellBelow(rows.get(index + 1), row.line().spans().get(at));
                }
                if (number != null) {
                    return new Field<>(number, index, row.line().confidence() * 0.8);
                }
            }
        }
        return null;
    }

    /** The cell of {@code below} in {@code column}, when it is a marked number; else null. */
    private static String cellBelow(Row below, TextLine.Span column) {
        List<String> cells = below.line().cells();
        for (int at = 0; at < cells.size(); at++) {
            TextLine.Span span = below.line().spans().get(at);
            if (span.overlap(column) > 0.3 || Math.abs(span.left() - column.left()) <= 2 * below.line().height()) {
                return markedNumber(cells.get(at).strip());
            }
        }
        return null;
    }

    /** The number after a number mark ("N° F-2026-031" → "F-2026-031"), or null. */
    private static String markedNumber(String text) {
        Matcher mark = NUMBER_MARK.matcher(text);
        if (!mark.find()) {
            return null;
        }
        Matcher token = NUMBER_TOKEN.matcher(text.substring(mark.end()));
        return token.find() && token.group(1).matches(".*\\d.*") ? token.group(1) : null;
    }

    Field<String> poNumber(List<Row> rows) {
        return firstGroup(rows, PO_NUMBER, 0.85);
    }

    /** The ISO-4217 code of the symbol or code printed most often, next to amounts counting double; or null. */
    String currency(List<Row> rows) {
        Map<String, Integer> counts = new HashMap<>();
        for (Row row : rows) {
            Matcher matcher = CURRENCY.matcher(row.line().text());
            while (matcher.find()) {
                String code = iso(matcher.group(1) != null ? matcher.group(1).toUpperCase(Locale.ROOT) : matcher.group(2));
                if (code != null) {
                    // A symbol next to an amount is stronger evidence than a word elsewhere.
                    counts.merge(code, row.amounts().isEmpty() ? 1 : 2, Integer::sum);
                }
            }
        }
        return counts.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse(null);
    }

    private static String iso(String printed) {
        return switch (printed) {
            case "RM", "MYR" -> "MYR";
            case "US$", "USD" -> "USD";
            // a bare "$" is several countries' dollar: the validator settles it from the rest of the document
            case "$" -> "$";
            case "€", "EUR" -> "EUR";
            case "£", "GBP" -> "GBP";
            case "S$", "SGD" -> "SGD";
            case "A$", "AUD" -> "AUD";
            case "C$", "CAD" -> "CAD";
            case "¥", "JPY" -> "JPY";
            case "₹", "INR" -> "INR";
            case "RMB", "CNY" -> "CNY";
            case "CHF", "IDR", "THB", "PHP", "HKD", "NZD" -> printed;
            default -> null;
        };
    }

    /** Whether the row names a way of paying (cash, a card, a transfer, a wallet). */
    static boolean isPaymentRow(Row row) {
        return PAYMENT.stream().anyMatch(method -> method.getKey().matcher(row.upper()).find());
    }

    /** The payment word as printed, from the total's row down (the lower half without a total); or null. */
    Field<String> paymentMethod(List<Row> rows, Field<PrintedAmount> total) {
        int from = total == null ? rows.size() / 2 : total.row();
        for (Map.Entry<Pattern, String> method : PAYMENT) {
            for (int index = from; index < rows.size(); index++) {
                Row row = rows.get(index);
                Matcher matcher = method.getKey().matcher(row.upper());
                if (matcher.find() && !row.upper().contains("CHANGE")) {
                    return new Field<>(row.line().text().substring(matcher.start(), matcher.end()), index, row.line().confidence() * 0.8);
                }
            }
        }
        return null;
    }

    private static Field<String> firstGroup(List<Row> rows, Pattern pattern, double strength) {
        for (Row row : rows) {
            for (String cell : row.line().cells()) {
                Matcher matcher = pattern.matcher(cell.toUpperCase(Locale.ROOT));
                if (matcher.find()) {
                    String value = cell.substring(matcher.start(1), matcher.end(1)).replaceAll("[.,;:]+$", "");
                    return new Field<>(value, row.index(), row.line().confidence() * strength);
                }
            }
        }
        return null;
    }

    /** The vendor's VAT, GST or tax number from a labelled cell on a row without amounts; or null. */
    Field<String> vendorTaxId(List<Row> rows) {
        LabelledValues.Found named = labelled.first(rows, Labels.Kind.TAX_ID, java.util.Set.of(), IdentifierRules::taxNumber);
        if (named != null && rows.get(named.row()).amounts().isEmpty()) {
            return new Field<>(named.value(), named.row(), rows.get(named.row()).line().confidence() * 0.85);
        }
        for (Row row : rows) {
            if (AmountRules.TOTAL_WORD.matcher(row.upper()).find() || !row.amounts().isEmpty()) {
                continue;
            }
            for (String cell : row.line().cells()) {
                Matcher matcher = VENDOR_TAX_ID.matcher(cell.toUpperCase(Locale.ROOT));
                if (matcher.find()) {
                    String value = cell.substring(matcher.start(1), matcher.end(1)).strip();
                    return new Field<>(value, row.index(), row.line().confidence() * 0.85);
                }
            }
        }
        return null;
    }

    /** A tax number at the start of {@code text}: an optional country code, then digits with spaces or dashes. */
    private static String taxNumber(String text) {
        Matcher matcher = Pattern.compile("^([A-Z]{0,3}\\s?\\d[\\dA-Z\\- ]{4,}[\\dA-Z])").matcher(text.strip());
        return matcher.find() ? matcher.group(1).strip() : null;
    }

    /** The customer block: the rest of the "Bill to:" row and the rows under it in the same column; or null. */
    Field<String> billTo(List<Row> rows) {
        for (Row row : rows) {
            List<String> cells = row.line().cells();
            for (int at = 0; at < cells.size(); at++) {
                String cell = cells.get(at);
                Matcher matcher = BILL_TO.matcher(cell.strip().toUpperCase(Locale.ROOT));
                int restAt;
                if (matcher.matches()) {
                    restAt = matcher.start(1);
                } else {
                    Matcher label = labels.pattern(Labels.Kind.CUSTOMER).matcher(Labels.fold(cell.strip()));
                    if (!label.lookingAt() || labels.has(Labels.Kind.CUSTOMER_NUMBER, Labels.fold(cell.strip()))) {
                        continue;
                    }
                    // the label alone, or with the name after a colon ("Client : Café du Parc")
                    Matcher after = AFTER_CUSTOMER_LABEL.matcher(cell.strip().substring(label.end()));
                    if (!after.matches()) {
                        continue;
                    }
                    restAt = after.group(1) == null ? cell.strip().length() : label.end() + after.start(1);
                }
                Field<String> block = customerBlock(rows, row, at, cell.strip().substring(restAt).strip());
                if (block != null) {
                    return block;
                }
            }
        }
        return null;
    }

    /**
     * The customer block under the label in cell {@code at} of {@code row}: the label's own rest, then the cells
     * below in its column (an issuer's block or the invoice's details may stand beside it) until the item table, an
     * amount, a date, the next label or a gap.
     */
    private Field<String> customerBlock(List<Row> rows, Row row, int at, String rest) {
        List<String> parts = new ArrayList<>();
        if (!rest.isEmpty()) {
            parts.add(rest);
        }
        TextLine.Span column = row.line().spans().get(at);
        double confidence = row.line().confidence();
        for (int index = row.index() + 1; index < rows.size() && parts.size() < 4; index++) {
            Row next = rows.get(index);
            // a blank line ends the block; set at one and a half line spacing, its own rows stand up to 1.6 heights apart
            if (next.line().top() - rows.get(index - 1).line().bottom() > 1.8 * next.line().height()
                    || ItemRules.TABLE_HEADER.matcher(next.headUpper()).find()) {
                break;
            }
            String below = null;
            for (int cell = 0; cell < next.line().cells().size(); cell++) {
                if (next.line().spans().get(cell).standsIn(column, next.line().height())) {
                    below = next.line().cells().get(cell).strip();
                    break;
                }
            }
            if (below == null) {
                break;
            }
            String upper = below.toUpperCase(Locale.ROOT);
            if (!PrintedAmount.findAll(below).isEmpty() && next.line().cells().size() == 1 && !next.amounts().isEmpty()
                    || NameRules.HEADER_STOP.matcher(upper).find() || OTHER_LABEL.matcher(upper).matches()
                    || !PrintedDate.findAll(upper).isEmpty()) {
                break;
            }
            parts.add(below);
            confidence = Math.min(confidence, next.line().confidence());
        }
        // a customer block starts with a name: its rows are joined as a person types them, whatever the address join
        return parts.isEmpty() ? null : new Field<>(LineJoin.COMMA.join(parts), row.index(), confidence * 0.8);
    }
}
