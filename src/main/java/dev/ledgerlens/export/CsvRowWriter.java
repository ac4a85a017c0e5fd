package dev.ledgerlens.export;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes RFC 4180 CSV rows through Apache Commons CSV ({@link CSVFormat#RFC4180}: comma, CRLF, a field quoted when
 * it needs to be). Text cells that a spreadsheet would run as a formula get a leading single quote
 * ({@link #neutralise}). Amounts are passed as {@link BigDecimal} and written as plain numbers, never neutralised,
 * so a negative amount stays a number ("-12.00"). Dates are ISO unless a formatter is given. Not thread-safe: one per
 * file being written.
 */
public final class CsvRowWriter {
    /** The characters that start a formula, in their ASCII and full-width forms (＝＋－＠ are read as =+-@). */
    private static final String FORMULA_STARTS = "=+-@\uFF1D\uFF0B\uFF0D\uFF20";

    private final CSVPrinter printer;
    private final DateTimeFormatter dates;

    public CsvRowWriter(Appendable out, DateTimeFormatter dates) throws IOException {
        this.printer = new CSVPrinter(out, CSVFormat.RFC4180);
        this.dates = dates == null ? DateTimeFormatter.ISO_LOCAL_DATE : dates;
    }

    /** A quantity cell: written as a plain number ("2", "1.5"), never neutralised. */
    public record Quantity(BigDecimal value) {
    }

    /** Writes one row. Cells may be null (empty), String (text), BigDecimal (amount), Quantity, LocalDate, LocalTime or Number. */
    public void row(List<?> cells) throws IOException {
        List<String> values = new ArrayList<>(cells.size());
        for (Object cell : cells) {
            values.add(cell(cell));
        }
        printer.printRecord(values);
    }

    /** Pushes buffered rows to the underlying output. */
    public void flush() throws IOException {
        printer.flush();
    }

    private String cell(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof BigDecimal amount) {
            return Amounts.format(amount);
        }
        if (value instanceof Quantity quantity) {
            return Amounts.quantity(quantity.value());
        }
        if (value instanceof LocalDate date) {
            return dates.format(date);
        }
        if (value instanceof LocalTime time) {
            return time.toString();
        }
        if (value instanceof Number number) {
            return number.toString();
        }
        return neutralise(value.toString());
    }

    /**
     * Prefixes a single quote to text a spreadsheet would evaluate: starting with {@code = + - @} or their full-width
     * forms {@code ＝ ＋ － ＠} (spreadsheets read those as the ASCII ones), also after leading spaces, tabs or line
     * breaks (which spreadsheets skip), and any text starting with a tab or carriage return.
     */
    static String neutralise(String text) {
        if (text.isEmpty()) {
            return text;
        }
        char first = text.charAt(0);
        if (first == '\t' || first == '\r') {
            return "'" + text;
        }
        int i = 0;
        while (i < text.length() && isBlank(text.charAt(i))) {
            i++;
        }
        if (i < text.length() && FORMULA_STARTS.indexOf(text.charAt(i)) >= 0) {
            return "'" + text;
        }
        return text;
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\u00A0' || c == '\u3000';
    }
}
