package dev.ledgerlens.eval;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ledgerlens.extract.RawFields;
import dev.ledgerlens.extract.offline.rules.PrintedAmount;
import dev.ledgerlens.extract.offline.rules.PrintedDate;
import dev.ledgerlens.validate.DocumentRecord;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * The four fields SROIE labels, as they are compared: company and address as text, the date as a day, the total as
 * a decimal. A field that is absent or cannot be read is null.
 *
 * @param company the shop's name ({@code store_name})
 * @param date    the receipt's date
 * @param address the shop's address ({@code store_address})
 * @param total   the amount paid
 */
public record SroieFields(String company, LocalDate date, String address, BigDecimal total) {

    /** The labels of one receipt ({@code entities/<id>.json}); the date in its printed form, the total as printed. */
    public static SroieFields labels(JsonNode entities) {
        return printed(text(entities, "company"), text(entities, "date"), text(entities, "address"), text(entities, "total"));
    }

    /** An engine's fields as printed, before validation: each date read in its own printed form. */
    public static SroieFields printed(RawFields fields) {
        return printed(fields.storeName(), fields.date(), fields.storeAddress(), fields.total());
    }

    /** A validated record's fields, as {@code run} stores them. */
    public static SroieFields of(DocumentRecord record) {
        return new SroieFields(record.storeName(), record.date(), record.storeAddress(), record.total());
    }

    private static SroieFields printed(String company, String date, String address, String total) {
        return new SroieFields(company, PrintedDate.parse(date), address, decimal(total));
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    /** "RM 9.00" → 9.00; the last amount printed, else the digits and points. */
    private static BigDecimal decimal(String text) {
        if (text == null) {
            return null;
        }
        List<PrintedAmount> amounts = PrintedAmount.findAll(text);
        if (!amounts.isEmpty()) {
            return amounts.get(amounts.size() - 1).value();
        }
        String digits = text.replaceAll("[^\\d.]", "");
        try {
            return digits.isEmpty() ? null : new BigDecimal(digits);
        } catch (NumberFormatException e) {
            return null; // "1.2.3": no amount, which scores as a miss like any unreadable total
        }
    }
}
