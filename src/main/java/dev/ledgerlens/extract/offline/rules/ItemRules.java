package dev.ledgerlens.extract.offline.rules;

import dev.ledgerlens.extract.RawFields;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The line items: rows between the header (the date, else the name) and the subtotal or total that have a
 * description and an amount; {@code 2 x 3.20}, {@code 2 @ 3.20}, the table form {@code desc qty unit amount},
 * and a quantity row under its description row. Stateless and thread-safe.
 */
final class ItemRules {
    private static final Pattern NON_ITEM = Pattern.compile(
            "(?<!\\p{L})(?:(?:" + AmountRules.TOTAL + ")|GST|VAT|SST|TAX|CASH|CHANGE|ROUND|DISCOUNT|TENDER|PAYMENT|PAID|BALANCE|VISA|MASTER|CARD|CREDIT|DEBIT|"
                    + "CHANGE|DUE|AMOUNT|SUBTOTAL|SUB TOTAL|SERVICE|DEPOSIT|REFUND|POINTS|QTY|JUMLAH|BAYAR|TUNAI|BAKI)(?!\\p{L})");
    private static final Pattern QTY_TIMES_PRICE = Pattern.compile(
            "(?<![\\d.,])(\\d{1,4}(?:[.,]\\d{1,3})?)\\s*(?:PCS?|UNITS?|EA)?\\s*(?:[X×*@]|\\bX\\b)\\s*(?:RM|\\$|€|£)?\\s*(\\d+[.,]\\d{2,3})(?!\\d)",
            Pattern.CASE_INSENSITIVE);
    /** The header row of an item table: not an item, and where a customer block above it ends. */
    static final Pattern TABLE_HEADER = Pattern.compile("(?<!\\p{L})(?:DESCRIPTION|ITEM|QTY|QUANTITY|UNIT PRICE|AMOUNT)(?!\\p{L})");
    /** Table form: a description, then a quantity that may have decimals ("Toner cartridge 2"). */
    private static final Pattern TABLE_QTY_AT_END = Pattern.compile("^(.*\\p{L}.*?)\\s+(\\d{1,4}(?:[.,]\\d{1,3})?)$");
    /** A description, then a whole quantity ("ROTI GARDENIA 1"). */
    private static final Pattern QTY_AT_END = Pattern.compile("^(.*\\p{L}.*?)\\s+(\\d{1,4})$");
    /** A quantity, then a description ("2 Coffee", "2x Coffee"). */
    private static final Pattern QTY_AT_START = Pattern.compile("^(\\d{1,3})\\s*[Xx]?\\s+(\\p{L}.*)$");

    /**
     * The items printed between the header and row {@code end} (the subtotal's or total's row): they start after
     * the date's row when the date is above {@code end}, else after the name's row.
     */
    List<RawFields.Item> items(List<Row> rows, Field<PrintedDate> date, Field<String> name, int end) {
        int start = 0;
        if (date != null && date.row() < end) {
            start = date.row() + 1;
        } else if (name != null) {
            start = name.row() + 1;
        }
        List<RawFields.Item> items = new ArrayList<>();
        String pendingName = null;
        for (int index = start; index < end && index < rows.size(); index++) {
            Row row = rows.get(index);
            if (NON_ITEM.matcher(row.upper()).find() || NameRules.HEADER_STOP.matcher(row.upper()).find() || TABLE_HEADER.matcher(row.upper()).find()) {
                pendingName = null;
                continue;
            }
            if (row.amounts().isEmpty()) {
                // A description on its own row; its quantity and price may follow on the next row.
                pendingName = Row.letters(row.upper()) >= 2 ? row.line().text().strip() : null;
                continue;
            }
            PrintedAmount price = row.amounts().get(row.amounts().size() - 1);
            String before = row.line().text().substring(0, price.start()).replaceAll("(?:RM|MYR|USD|EUR|GBP|SGD|[$€£])\\s*$", "").strip();
            String qty = null;
            String unitPrice = null;
            Matcher times = QTY_TIMES_PRICE.matcher(before);
            String description = before;
            if (times.find()) {
                qty = times.group(1);
                unitPrice = times.group(2);
                description = (before.substring(0, times.start()) + " " + before.substring(times.end())).strip();
            } else if (row.amounts().size() >= 2) {
                // Table form: description, [qty], unit price, amount.
                PrintedAmount unit = row.amounts().get(row.amounts().size() - 2);
                String head = row.line().text().substring(0, unit.start()).strip();
                Matcher qtyAtEnd = TABLE_QTY_AT_END.matcher(head);
                if (qtyAtEnd.matches()) {
                    description = qtyAtEnd.group(1);
                    qty = qtyAtEnd.group(2);
                } else {
                    description = head;
                }
                unitPrice = unit.printed();
            } else {
                Matcher qtyAtEnd = QTY_AT_END.matcher(before);
                Matcher qtyAtStart = QTY_AT_START.matcher(before);
                if (qtyAtEnd.matches()) {
                    description = qtyAtEnd.group(1);
                    qty = qtyAtEnd.group(2);
                } else if (qtyAtStart.matches()) {
                    qty = qtyAtStart.group(1);
                    description = qtyAtStart.group(2);
                }
            }
            description = description.replaceAll("[\\s.:,*_-]+$", "").replaceAll("^[\\s.:,*_-]+", "").strip();
            if (Row.letters(description.toUpperCase(Locale.ROOT)) < 2) {
                // A qty / price row below its description row.
                if (pendingName != null) {
                    items.add(new RawFields.Item(pendingName, qty, unitPrice, price.printed()));
                }
                pendingName = null;
                continue;
            }
            pendingName = null;
            items.add(new RawFields.Item(description, qty, unitPrice, price.printed()));
        }
        return items;
    }
}
