package dev.ledgerlens.extract.offline.rules;

import dev.ledgerlens.extract.RawFields;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The line items: rows between the header (the date, else the name) and the subtotal or total that have a
 * description and an amount; {@code 2 x 3.20}, {@code 2 @ 3.20}, the table form {@code desc qty unit amount} (the
 * count may come first or carry its unit when count × unit price is the amount), a quantity row under its description
 * row, and a measure row ({@code 2.04 lb @ 0.59 /lb}) beside the item whose amount it comes to. A negative line (a
 * coupon) keeps its sign. Stateless and thread-safe.
 */
final class ItemRules {
    private static final Pattern NON_ITEM = Pattern.compile(
            "(?<!\\p{L})(?:(?:" + AmountRules.TOTAL + ")|GST|VAT|SST|TAX|CASH|CHANGE|ROUND|DISCOUNT|TENDER|PAYMENT|PAID|BALANCE|VISA|MASTER|CARD|CREDIT|DEBIT|"
                    + "CHANGE|DUE|AMOUNT|SUBTOTAL|SUB TOTAL|SERVICE|DEPOSIT|REFUND|POINTS|QTY|JUMLAH|BAYAR|TUNAI|BAKI|TIPS?|GRATUITY)(?!\\p{L})");
    private static final Pattern QTY_TIMES_PRICE = Pattern.compile(
            "(?<![\\d.,])(\\d{1,4}(?:[.,]\\d{1,3})?)\\s*(?:PCS?|UNITS?|EA)?\\s*(?:[X×*@]|\\bX\\b)\\s*(?:RM|\\$|€|£)?\\s*(\\d+[.,]\\d{2,3})(?!\\d)",
            Pattern.CASE_INSENSITIVE);
    /**
     * "2.04 lb @ 0.59 /lb", "3 @ 1.99", "0.458 kg @ €4.99/kg": a row that says how much was weighed or counted at what
     * unit price, and no more; the amount is printed on the item's row above it, or on the row below ("WT 1.20").
     */
    private static final Pattern MEASURE_ROW = Pattern.compile(
            "^\\s*(\\d{1,4}(?:[.,]\\d{1,3})?)\\s*(?:LBS?|KG|OZ|G|EA|PCS?)?\\s*@\\s*(?:[$€£]|RM)?\\s*(\\d+[.,]\\d{2,3})"
                    + "\\s*(?:/\\s*(?:LBS?|KG|OZ|G|EA|PCS?))?\\s*$", Pattern.CASE_INSENSITIVE);
    private static final BigDecimal CENT = new BigDecimal("0.01");
    /** The header row of an item table: not an item, and where a customer block above it ends. */
    static final Pattern TABLE_HEADER = Pattern.compile("(?<!\\p{L})(?:DESCRIPTION|ITEM|QTY|QUANTITY|UNIT PRICE|AMOUNT)(?!\\p{L})");
    /** Table form: a description, then a quantity that may have decimals ("Toner cartridge 2"). */
    private static final Pattern TABLE_QTY_AT_END = Pattern.compile("^(.*\\p{L}.*?)\\s+(\\d{1,4}(?:[.,]\\d{1,3})?)$");
    /** A description, then a quantity and its unit ("Arbeitspreis Strom 312 kWh", "Consulting 6.5 h"). */
    private static final Pattern MEASURED_QTY_AT_END = Pattern.compile(
            "^(.*\\p{L}.*?)\\s+(\\d{1,6}(?:[.,]\\d{1,3})?)\\s*(?:KWH|MWH|H|HRS?|HOURS?|STD|STK|PCS?|KG|G|M|M2|M3|L|EA|DAYS?|TAGE?)\\.?$",
            Pattern.CASE_INSENSITIVE);
    /** A currency's code or sign right before an amount, which is not part of what precedes it. */
    private static final String CURRENCY_BEFORE_AMOUNT = "(?:RM|MYR|USD|EUR|GBP|SGD|[$€£])\\s*$";
    /** A description, then a whole quantity ("ROTI GARDENIA 1"). */
    private static final Pattern QTY_AT_END = Pattern.compile("^(.*\\p{L}.*?)\\s+(\\d{1,4})$");
    /** A quantity, then a description ("2 Coffee", "2x Coffee"). */
    private static final Pattern QTY_AT_START = Pattern.compile("^(\\d{1,3})\\s*[Xx]?\\s+(\\p{L}.*)$");

    /** Column kinds a table header cell is tried for, most specific first ("MwSt. %" is a rate, "Prix unitaire" no amount). */
    private static final List<Labels.Kind> COLUMN_KINDS = List.of(Labels.Kind.TAX_RATE, Labels.Kind.UNIT_PRICE,
            Labels.Kind.QUANTITY, Labels.Kind.AMOUNT, Labels.Kind.DESCRIPTION, Labels.Kind.POSITION);

    private final Labels labels;
    private final AmountRules amounts;

    ItemRules(Labels labels, AmountRules amounts) {
        this.labels = labels;
        this.amounts = amounts;
    }

    /** One column of an item table: what its header says it holds and where it stands. */
    private record Column(Labels.Kind kind, TextLine.Span span) {
    }

    /**
     * The items printed between the header and row {@code end} (the subtotal's or total's row). Under a table header
     * row (Description / Qty / Unit price / Amount in any loaded language), each row's cells are read by the column
     * they stand in; otherwise rows are read as receipts print them, starting after the date's row when the date is
     * above {@code end}, else after the name's row.
     */
    List<RawFields.Item> items(List<Row> rows, Field<PrintedDate> date, Field<String> name, int end) {
        List<RawFields.Item> table = tableItems(rows, end);
        if (!table.isEmpty()) {
            return table;
        }
        return printedItems(rows, date, name, end);
    }

    /** The columns of a table header row, or null when the row is none (it needs an amount and a description or quantity column). */
    private List<Column> header(Row row) {
        if (row.line().cells().size() < 2 || !row.amounts().isEmpty()) {
            return null;
        }
        List<Column> columns = new ArrayList<>();
        List<String> cells = row.foldedCells();
        for (int cell = 0; cell < cells.size(); cell++) {
            columns.addAll(columnsOf(cells.get(cell), row.line().spans().get(cell)));
        }
        long known = columns.stream().filter(column -> column.kind() != null).count();
        boolean hasAmount = columns.stream().anyMatch(column -> column.kind() == Labels.Kind.AMOUNT || column.kind() == Labels.Kind.UNIT_PRICE);
        boolean hasWhat = columns.stream().anyMatch(column -> column.kind() == Labels.Kind.DESCRIPTION || column.kind() == Labels.Kind.QUANTITY);
        return known >= 3 && known >= columns.size() - 1 && hasAmount && hasWhat ? columns : null;
    }

    /** Whether the row is an item table's header row (Description / Qty / Price / Amount in a loaded language). */
    boolean isTableHeader(Row row) {
        return header(row) != null;
    }

    /**
     * The column or columns one header cell names. Two header words set close together become one cell ("Preis MwSt. %");
     * when a cell is nothing but column names, each gets its share of the cell's width, in print order.
     */
    private List<Column> columnsOf(String cell, TextLine.Span span) {
        List<Labels.Kind> kinds = new ArrayList<>();
        List<int[]> places = new ArrayList<>();
        int from = 0;
        while (from < cell.length()) {
            Labels.Kind kind = null;
            int start = Integer.MAX_VALUE;
            int end = 0;
            for (Labels.Kind candidate : COLUMN_KINDS) {
                Matcher matcher = labels.pattern(candidate).matcher(cell);
                if (matcher.find(from) && (matcher.start() < start || matcher.start() == start && matcher.end() > end)) {
                    kind = candidate;
                    start = matcher.start();
                    end = matcher.end();
                }
            }
            if (kind == null) {
                break;
            }
            kinds.add(kind);
            places.add(new int[] {start, end});
            from = Math.max(end, start + 1);
        }
        int named = places.stream().mapToInt(place -> Row.letters(cell.substring(place[0], place[1]))).sum();
        if (kinds.size() >= 2 && Row.letters(cell) <= named + 2) {
            List<Column> columns = new ArrayList<>();
            double width = span.right() - span.left();
            for (int i = 0; i < kinds.size(); i++) {
                int left = span.left() + (int) Math.round(width * places.get(i)[0] / cell.length());
                int right = span.left() + (int) Math.round(width * places.get(i)[1] / cell.length());
                columns.add(new Column(kinds.get(i), new TextLine.Span(left, Math.max(left + 1, right))));
            }
            return columns;
        }
        for (Labels.Kind candidate : COLUMN_KINDS) {
            Matcher matcher = labels.pattern(candidate).matcher(cell);
            // the header cell is the column's name, not a sentence that mentions it
            if (matcher.find() && Row.letters(cell) <= Row.letters(matcher.group()) + 4) {
                return List.of(new Column(candidate, span));
            }
        }
        return List.of(new Column(null, span));
    }

    /**
     * The items of the item table: the rows under each table header row until a total, or a row without an amount
     * that continues no description. A table running over several pages repeats its header on each; the items under
     * every header are read, in order.
     */
    private List<RawFields.Item> tableItems(List<Row> rows, int end) {
        List<RawFields.Item> items = new ArrayList<>();
        int limit = Math.min(end, rows.size());
        int index = 0;
        while (index < limit) {
            List<Column> columns = header(rows.get(index));
            if (columns == null) {
                index++;
                continue;
            }
            index = readTable(rows, index, limit, columns, items);
        }
        return items;
    }

    /** Reads the items under the header at row {@code headerRow} into {@code items}; returns the row where the table ends. */
    private int readTable(List<Row> rows, int headerRow, int limit, List<Column> columns, List<RawFields.Item> items) {
        // the line amount is the rightmost amount column; with none, the rightmost price column ("Unit Price" /
        // "Line Price": the line's price stands right of the price each)
        Column amountColumn = null;
        Column priceColumn = null;
        for (Column column : columns) {
            if (column.kind() == Labels.Kind.AMOUNT) {
                amountColumn = column;
            } else if (column.kind() == Labels.Kind.UNIT_PRICE) {
                priceColumn = column;
            }
        }
        if (amountColumn == null) {
            amountColumn = priceColumn;
        }
        int read = 0;
        Row previous = rows.get(headerRow);
        int next = headerRow + 1;
        for (; next < limit; next++) {
            Row row = rows.get(next);
            if (amounts.isTotal(row) || amounts.isSubtotal(row) || amounts.isTaxRow(row) && row.line().cells().size() <= 2
                    || header(row) != null) {
                break;
            }
            String description = null;
            String qty = null;
            String unitPrice = null;
            String price = null;
            for (int cell = 0; cell < row.line().cells().size(); cell++) {
                Column column = columnOf(columns, row.line().spans().get(cell));
                String text = row.line().cells().get(cell).strip();
                if (column == null) {
                    continue;
                }
                if (column == amountColumn) {
                    price = signed(PrintedAmount.last(text));
                } else if (column.kind() == Labels.Kind.UNIT_PRICE) {
                    unitPrice = signed(PrintedAmount.last(text));
                } else if (column.kind() == Labels.Kind.QUANTITY) {
                    // a stray dot or comma beside the figure is OCR dust ("2."), not a decimal
                    qty = text.replaceAll("[^\\d.,]", "").replaceAll("^[.,]+|[.,]+$", "");
                } else if (column.kind() == Labels.Kind.DESCRIPTION || column.kind() == null && Row.letters(text) >= 2) {
                    // an unnamed column's words belong to the description; its bare figures ("8.25 %") do not
                    description = description == null ? text : description + " " + text;
                }
            }
            boolean below = row.line().page() == previous.line().page()
                    && row.line().top() - previous.line().bottom() < 2.5 * row.line().height();
            if (price == null) {
                // a description running onto a second row belongs to the item above it
                if (description != null && read > 0 && below && row.amounts().isEmpty()) {
                    RawFields.Item last = items.remove(items.size() - 1);
                    items.add(new RawFields.Item(last.name() + " " + description, last.qty(), last.unitPrice(), last.price()));
                    previous = row;
                    continue;
                }
                if (read > 0) {
                    break;
                }
                continue;
            }
            if (description == null || Row.letters(description) < 2) {
                continue;
            }
            items.add(new RawFields.Item(description, qty == null || qty.isEmpty() ? null : qty, unitPrice, price));
            read++;
            previous = row;
        }
        return Math.max(next, headerRow + 1);
    }

    /** An amount as printed with its minus ("-40.00" on a credit note's line), or null. */
    private static String signed(PrintedAmount amount) {
        return amount == null ? null : amount.signed();
    }

    /** The column a cell stands in: the one its span overlaps most, else none. */
    private static Column columnOf(List<Column> columns, TextLine.Span span) {
        Column best = null;
        double bestOverlap = 0;
        for (Column column : columns) {
            double overlap = column.span().overlap(span);
            if (overlap > bestOverlap) {
                bestOverlap = overlap;
                best = column;
            }
        }
        if (best == null) {
            // right-aligned numbers under a short header, or left-aligned text under a long one: the nearest edge
            int bestDistance = Integer.MAX_VALUE;
            for (Column column : columns) {
                int distance = Math.min(Math.abs(column.span().right() - span.right()), Math.abs(column.span().left() - span.left()));
                if (distance < bestDistance) {
                    bestDistance = distance;
                    best = column;
                }
            }
            if (best != null && bestDistance > 3 * Math.max(1, best.span().right() - best.span().left())) {
                return null;
            }
        }
        return best;
    }

    private List<RawFields.Item> printedItems(List<Row> rows, Field<PrintedDate> date, Field<String> name, int end) {
        int start = 0;
        if (date != null && date.row() < end) {
            start = date.row() + 1;
        } else if (name != null) {
            start = name.row() + 1;
        }
        List<RawFields.Item> items = new ArrayList<>();
        String pendingName = null;
        Matcher pendingMeasure = null;
        Matcher heldMeasure = null;
        for (int index = start; index < end && index < rows.size(); index++) {
            Row row = rows.get(index);
            Matcher measure = MEASURE_ROW.matcher(row.line().text());
            if (measure.matches()) {
                RawFields.Item last = items.isEmpty() ? null : items.get(items.size() - 1);
                if (pendingName != null) {
                    pendingMeasure = measure; // the amount follows on the next row
                } else if (last != null && last.qty() == null && comesTo(measure, PrintedAmount.last(last.price()))) {
                    items.set(items.size() - 1, new RawFields.Item(last.name(), measure.group(1), measure.group(2), last.price()));
                } else {
                    heldMeasure = measure; // printed above its item's row
                }
                continue;
            }
            if (NON_ITEM.matcher(row.upper()).find() || NameRules.HEADER_STOP.matcher(row.upper()).find() || TABLE_HEADER.matcher(row.upper()).find()
                    || amounts.isTotal(row) || amounts.isSubtotal(row) || amounts.isTaxRow(row)) {
                pendingName = null;
                pendingMeasure = null;
                continue;
            }
            if (row.amounts().isEmpty()) {
                // A description on its own row; its quantity and price may follow on the next row.
                pendingName = Row.letters(row.upper()) >= 2 ? row.line().text().strip() : null;
                pendingMeasure = null;
                continue;
            }
            PrintedAmount price = row.amounts().get(row.amounts().size() - 1);
            String before = row.line().text().substring(0, price.start()).replaceAll(CURRENCY_BEFORE_AMOUNT, "").strip();
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
                // "Analytics platform 1 $1,200.00 $1,200.00": the unit price's currency is not the description's
                String head = row.line().text().substring(0, unit.start()).replaceAll(CURRENCY_BEFORE_AMOUNT, "").strip();
                Matcher qtyAtEnd = TABLE_QTY_AT_END.matcher(head);
                Matcher qtyAtStart = QTY_AT_START.matcher(head);
                Matcher measured = MEASURED_QTY_AT_END.matcher(head);
                if (qtyAtEnd.matches()) {
                    description = qtyAtEnd.group(1);
                    qty = qtyAtEnd.group(2);
                } else if (measured.matches() && unit.value().multiply(decimal(measured.group(2))).subtract(price.value()).abs()
                        .compareTo(CENT) <= 0) {
                    // "Arbeitspreis Strom 312 kWh 0,32 € 99,84 €": a quantity in its unit, borne out by quantity × unit price
                    description = measured.group(1);
                    qty = measured.group(2);
                } else if (qtyAtStart.matches() && unit.value().multiply(new BigDecimal(qtyAtStart.group(1)))
                        .compareTo(price.value()) == 0) {
                    // "2 WOOD SCREWS #8 4.99 9.98": the count first, borne out by count × unit price = amount
                    qty = qtyAtStart.group(1);
                    description = qtyAtStart.group(2);
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
            // "WT 1.20" under "BANANAS" / "2.04 lb @ 0.59 /lb": the weighed item's amount, under a short label
            int labelLetters = pendingMeasure != null ? 3 : 2;
            if (Row.letters(description.toUpperCase(Locale.ROOT)) < labelLetters) {
                // A qty / price row below its description row.
                if (pendingName != null) {
                    if (pendingMeasure != null && qty == null && comesTo(pendingMeasure, price)) {
                        qty = pendingMeasure.group(1);
                        unitPrice = pendingMeasure.group(2);
                    }
                    items.add(new RawFields.Item(pendingName, qty, unitPrice, price.printed()));
                }
                pendingName = null;
                pendingMeasure = null;
                continue;
            }
            pendingMeasure = null;
            pendingName = null;
            if (heldMeasure != null && qty == null && comesTo(heldMeasure, price)) {
                qty = heldMeasure.group(1);
                unitPrice = heldMeasure.group(2);
            }
            heldMeasure = null;
            // "COUPON YOGURT -1.00": a line the subtotal takes off keeps its sign
            items.add(new RawFields.Item(description, qty, unitPrice, price.signed()));
        }
        return items;
    }

    private static BigDecimal decimal(String printed) {
        return new BigDecimal(printed.replace(',', '.'));
    }

    /** Whether a measure row's quantity × unit price comes to {@code amount} (may be null), to the cent. */
    private static boolean comesTo(Matcher measure, PrintedAmount amount) {
        return amount != null && decimal(measure.group(1)).multiply(decimal(measure.group(2))).subtract(amount.value()).abs()
                .compareTo(CENT) <= 0;
    }
}
