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
    private static final Pattern BILL_TO = Pattern.compile("^(?:BILL(?:ED)?\\s*TO|INVOICE\\s*TO|SOLD\\s*TO|CUSTOMER)\\s*[:.]?\\s*(.*)$");
    /** A row with a label of its own ("Ship to:", "Terms:"): the customer block above it has ended. */
    private static final Pattern OTHER_LABEL = Pattern.compile("^[\\p{L} .]{2,30}:.*");
    private static final Pattern INVOICE_WORD = Pattern.compile(".*(?<!\\p{L})(?:INVOICE|BILL)(?!\\p{L}).*");

    /** A document number as printed: letters, digits and the usual joiners, with at least one digit. */
    private static final Pattern NUMBER_TOKEN = Pattern.compile("^[#№]?\\s*([\\p{L}\\d][\\p{L}\\d\\-/._]*)");

    private final LineJoin lineJoin;
    private final Labels labels;
    private final LabelledValues labelled;

    IdentifierRules(LineJoin lineJoin, Labels labels) {
        this.lineJoin = lineJoin;
        this.labels = labels;
        this.labelled = new LabelledValues(labels);
    }

    /** The document number at the start of {@code text} ("RE-2026-0815", "2026/84714"), or null: no digit, or a date. */
    static String documentNumber(String text) {
        Matcher matcher = NUMBER_TOKEN.matcher(text.strip());
        if (!matcher.find()) {
            return null;
        }
        String token = matcher.group(1).replaceAll("[.,;:/\\-]+$", "");
        if (token.chars().noneMatch(Character::isDigit) || token.length() > 30 || !PrintedDate.findAll(token).isEmpty()) {
            return null;
        }
        return token;
    }

    /** "invoice" when the document says INVOICE or BILL anywhere, else "receipt". */
    String documentType(List<Row> rows) {
        return rows.stream().anyMatch(row -> INVOICE_WORD.matcher(row.upper()).matches()) ? "invoice" : "receipt";
    }

    /** The number its label names in a loaded language, beside or under the label; else the built-in English pattern. */
    Field<String> invoiceNumber(List<Row> rows) {
        LabelledValues.Found named = labelled.first(rows, Labels.Kind.INVOICE_NUMBER, java.util.Set.of(Labels.Kind.CUSTOMER_NUMBER),
                IdentifierRules::documentNumber);
        if (named != null) {
            return new Field<>(named.value(), named.row(), rows.get(named.row()).line().confidence() * 0.9 * named.strength());
        }
        return firstGroup(rows, INVOICE_NUMBER, 0.85);
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
            case "US$", "USD", "$" -> "USD";
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
            Matcher matcher = BILL_TO.matcher(row.headUpper());
            int restAt;
            if (matcher.matches()) {
                restAt = matcher.start(1);
            } else {
                Matcher label = labels.pattern(Labels.Kind.CUSTOMER).matcher(Labels.fold(row.head()));
                if (!label.lookingAt() || !row.head().substring(label.end()).matches("\\s*[:.]?\\s*")) {
                    continue;
                }
                restAt = row.head().length();
            }
            List<String> parts = new ArrayList<>();
            String rest = row.head().substring(restAt).strip();
            if (!rest.isEmpty()) {
                parts.add(rest);
            }
            double confidence = row.line().confidence();
            // The customer block runs down the column until the item table or the next label.
            for (int index = row.index() + 1; index < rows.size() && parts.size() < 4; index++) {
                Row next = rows.get(index);
                String head = next.headUpper();
                if (!next.amounts().isEmpty() || NameRules.HEADER_STOP.matcher(head).find() || ItemRules.TABLE_HEADER.matcher(head).find()
                        || OTHER_LABEL.matcher(head).matches() || !PrintedDate.findAll(head).isEmpty()
                        || next.line().top() - rows.get(index - 1).line().bottom() > 1.5 * next.line().height()) {
                    break;
                }
                parts.add(next.head().strip());
                confidence = Math.min(confidence, next.line().confidence());
            }
            if (!parts.isEmpty()) {
                return new Field<>(lineJoin.join(parts), row.index(), confidence * 0.8);
            }
        }
        return null;
    }
}
