package dev.ledgerlens.export;

import java.io.IOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * Writes RFC 4180 CSV rows: comma separated, CRLF line ends, a field quoted when it holds a comma, a quote,
 * CR or LF (quotes doubled). Text cells that a spreadsheet would run as a formula (starting with = + - @,
 * TAB or CR) get a leading single quote. Amounts are passed as {@link BigDecimal} and written as plain
 * numbers, never neutralised, so a negative amount stays a number ("-12.00"). Dates are ISO unless a
 * formatter is given. Not thread-safe: one per file being written.
 */
public final class CsvRowWriter {
    private final Writer writer;
    private final DateTimeFormatter dates;

    public CsvRowWriter(Writer writer, DateTimeFormatter dates) {
        this.writer = writer;
        this.dates = dates == null ? DateTimeFormatter.ISO_LOCAL_DATE : dates;
    }

    /** A quantity cell: written as a plain number ("2", "1.5"), never neutralised. */
    public record Quantity(BigDecimal value) {
    }

    /** Writes one row. Cells may be null (empty), String (text), BigDecimal (amount), Quantity, LocalDate, LocalTime or Number. */
    public void row(List<?> cells) throws IOException {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                writer.write(',');
            }
            writer.write(quote(cell(cells.get(i))));
        }
        writer.write("\r\n");
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

    /** Prefixes a single quote to text a spreadsheet would evaluate ("=HYPERLINK(…)", "+1", "-2", "@SUM"). */
    static String neutralise(String text) {
        if (!text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0) {
            return "'" + text;
        }
        return text;
    }

    private static String quote(String text) {
        if (text.indexOf(',') < 0 && text.indexOf('"') < 0 && text.indexOf('\r') < 0 && text.indexOf('\n') < 0) {
            return text;
        }
        return '"' + text.replace("\"", "\"\"") + '"';
    }
}
