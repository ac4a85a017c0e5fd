package dev.ledgerlens.extract.offline.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The document's date, its due date and the time of sale: every common print form (through {@link PrintedDate}),
 * rows labelled DATE and rows with a time preferred, "due" rows feeding the due date instead; the time printed next
 * to the date before any other. Stateless and thread-safe.
 */
final class DateTimeRules {
    /** A time of day: "14:22", "14:22:05", "7:42 PM", "7.42PM". */
    static final Pattern TIME = Pattern.compile(
            "(?<![\\d.:])([01]?\\d|2[0-3])(?::([0-5]\\d)(?::([0-5]\\d))?(?:\\s*([AP])\\.?M\\.?)?|[.]([0-5]\\d)\\s*([AP])\\.?M\\.?)(?![\\d])",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern DUE = Pattern.compile("(?<!\\p{L})(?:DUE|PAYABLE BY|PAY BY|EXPIR)");
    private static final Pattern DATE_LABEL = Pattern.compile("(?<!\\p{L})(?:DATE|DATED|TARIKH|DATUM|FECHA)(?!\\p{L})");

    /** The document's date ({@code due} false) or its due date ({@code due} true), or null. */
    Field<PrintedDate> date(List<Row> rows, boolean due) {
        Field<PrintedDate> best = null;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (Row row : rows) {
            List<PrintedDate> dates = PrintedDate.findAllTolerant(row.line().text());
            if (dates.isEmpty()) {
                continue;
            }
            boolean dueRow = DUE.matcher(row.upper()).find();
            if (dueRow != due) {
                continue;
            }
            boolean labelled = DATE_LABEL.matcher(row.upper()).find();
            double score = (labelled ? 2 : 0) + (TIME.matcher(row.upper()).find() ? 1 : 0) - row.index() * 0.01;
            if (score > bestScore) {
                bestScore = score;
                double strength = labelled || due ? 0.95 : 0.85;
                best = new Field<>(dates.get(0), row.index(), row.line().confidence() * strength);
            }
        }
        return best;
    }

    /** The time of sale, as printed, or null. */
    Field<String> time(List<Row> rows, Field<PrintedDate> date) {
        List<Row> ordered = new ArrayList<>(rows);
        if (date != null) {
            // The time printed next to the date is the time of the sale, not an opening hour in the footer.
            ordered.add(0, rows.get(date.row()));
            if (date.row() + 1 < rows.size()) {
                ordered.add(1, rows.get(date.row() + 1));
            }
        }
        for (Row row : ordered) {
            String text = row.line().text();
            String withoutDates = text;
            for (PrintedDate printed : PrintedDate.findAll(text)) {
                withoutDates = withoutDates.replace(printed.printed(), " ");
            }
            Matcher matcher = TIME.matcher(withoutDates);
            while (matcher.find()) {
                if (matcher.group(2) == null && matcher.group(6) == null) {
                    continue;
                }
                return new Field<>(matcher.group().strip(), row.index(), row.line().confidence() * 0.9);
            }
        }
        return null;
    }
}
