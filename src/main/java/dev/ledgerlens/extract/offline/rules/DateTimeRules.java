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

    private final Labels labels;
    private final LabelledValues labelled;

    DateTimeRules(Labels labels) {
        this.labels = labels;
        this.labelled = new LabelledValues(labels);
    }

    /**
     * The document's date ({@code due} false) or its due date ({@code due} true), or null. A date its label names
     * (in any loaded language, beside or under the label: "Rechnungsdatum 07.04.2026", "Échéance : 15 mai 2026") comes
     * first; otherwise the dated rows are weighed: labelled rows, rows with a time, rows higher up.
     */
    Field<PrintedDate> date(List<Row> rows, boolean due) {
        LabelledValues.Found named = due
                ? labelled.first(rows, Labels.Kind.DUE_DATE, java.util.Set.of(), DateTimeRules::firstDate)
                : labelled.first(rows, Labels.Kind.DATE, java.util.Set.of(Labels.Kind.DUE_DATE, Labels.Kind.OTHER_DATE), DateTimeRules::firstDate);
        if (named != null) {
            List<PrintedDate> dates = PrintedDate.findAllTolerant(named.value());
            Row row = rows.get(named.row());
            return new Field<>(dates.get(0), named.row(), row.line().confidence() * 0.95 * Math.max(0.9, named.strength()));
        }
        Field<PrintedDate> best = null;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (Row row : rows) {
            List<PrintedDate> dates = PrintedDate.findAllTolerant(row.line().text());
            if (dates.isEmpty()) {
                continue;
            }
            boolean dueRow = DUE.matcher(row.upper()).find() || labels.has(Labels.Kind.DUE_DATE, row.folded());
            if (dueRow != due || !due && labels.has(Labels.Kind.OTHER_DATE, row.folded())) {
                continue;
            }
            boolean labelled = DATE_LABEL.matcher(row.upper()).find() || labels.has(Labels.Kind.DATE, row.folded());
            double score = (labelled ? 2 : 0) + (TIME.matcher(row.upper()).find() ? 1 : 0) - row.index() * 0.01;
            if (score > bestScore) {
                bestScore = score;
                double strength = labelled || due ? 0.95 : 0.85;
                best = new Field<>(dates.get(0), row.index(), row.line().confidence() * strength);
            }
        }
        return best;
    }

    /** The text of the first date in {@code text} (OCR confusions repaired), or null when it holds none. */
    private static String firstDate(String text) {
        List<PrintedDate> dates = PrintedDate.findAllTolerant(text);
        return dates.isEmpty() ? null : text;
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
