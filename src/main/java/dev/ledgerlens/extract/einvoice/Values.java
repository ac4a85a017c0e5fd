package dev.ledgerlens.extract.einvoice;

import dev.ledgerlens.failure.FailureReason;
import dev.ledgerlens.failure.LedgerlensException;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Strict reading of the values an invoice XML states: an amount is an XML decimal or the invoice is malformed, never a
 * silently dropped or half-read number; a date is a real calendar date. Stateless.
 */
final class Values {
    private static final DateTimeFormatter CII_DATE = DateTimeFormatter.BASIC_ISO_DATE; // format 102: yyyyMMdd

    private Values() {
    }

    /** The decimal in {@code text}; null when absent or blank; EINVOICE_MALFORMED when it is not a decimal number. */
    static BigDecimal decimal(String text, String field, String what) {
        String value = trimToNull(text);
        if (value == null) {
            return null;
        }
        // xs:decimal: an optional sign, digits and at most one point; no exponent, no grouping, no currency sign
        if (!value.matches("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)")) {
            throw malformed(what, field + " '" + shorten(value) + "' is not a number");
        }
        return new BigDecimal(value);
    }

    /** A CII date (format 102, yyyyMMdd); null when absent. */
    static LocalDate ciiDate(String text, String field, String what) {
        String value = trimToNull(text);
        if (value == null) {
            return null;
        }
        try {
            return LocalDate.parse(value, CII_DATE);
        } catch (DateTimeParseException e) {
            throw malformed(what, field + " '" + shorten(value) + "' is not a date of the form yyyyMMdd");
        }
    }

    static String trimToNull(String text) {
        if (text == null) {
            return null;
        }
        String trimmed = text.trim().replaceAll("\\s+", " ");
        return trimmed.isEmpty() ? null : trimmed;
    }

    /** The non-blank parts joined with ", " (address lines, post code, city, country); null when all are blank. */
    static String joined(String... parts) {
        List<String> present = new ArrayList<>();
        for (String part : parts) {
            String value = trimToNull(part);
            if (value != null) {
                present.add(value);
            }
        }
        return present.isEmpty() ? null : present.stream().filter(Objects::nonNull).collect(Collectors.joining(", "));
    }

    static LedgerlensException malformed(String what, String problem) {
        return new LedgerlensException(FailureReason.EINVOICE_MALFORMED, what + ": " + problem);
    }

    private static String shorten(String value) {
        return value.length() <= 40 ? value : value.substring(0, 40) + "…";
    }
}
