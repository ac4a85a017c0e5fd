package dev.ledgerlens.validate;

import java.text.Normalizer;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads dates as printed: ISO ("2019-01-15"), numeric with day and month in either order
 * ("15/01/2019", "01/15/2019", "15.01.2019", "15-01-19"), year first ("2019/01/15", "20190115"), and with
 * month names in English and the main western European languages ("Jan 15, 2019", "15 January 2019",
 * "15-Jan-2019", "15. März 2019"). A time after the date is ignored.
 *
 * <p>A numeric date whose first two numbers are both 12 or less is ambiguous. This class never
 * guesses: it returns both candidates, and the value for the order the caller passes (the caller knows
 * the document's currency, the configured hint and the other dates on the document). Two-digit years are
 * 20yy below 70 and 19yy from 70, since receipts are recent.
 *
 * <p>Stateless and thread-safe.
 */
public final class DateParser {
    private static final Pattern NUMERIC = Pattern.compile("(\\d{1,4})\\s*[./\\-]\\s*(\\d{1,2})\\s*[./\\-]\\s*(\\d{2,4})");
    /** Chinese, Japanese and Korean year-month-day: 2019年1月15日, 2019년 1월 15일. */
    private static final Pattern CJK = Pattern.compile("(\\d{4})\\s*[年년]\\s*(\\d{1,2})\\s*[月월]\\s*(\\d{1,2})\\s*[日일]?");
    private static final Pattern COMPACT = Pattern.compile("(\\d{4})(\\d{2})(\\d{2})");
    private static final Pattern TRAILING_TIME = Pattern.compile(
            "(?i)(?:[T\\s,]+|\\s+at\\s+)\\d{1,2}[:.h]\\d{2}(?::\\d{2}(?:\\.\\d+)?)?\\s*(?:[ap]\\.?m\\.?)?(?:\\s*(?:Z|[+-]\\d{2}:?\\d{2}|[A-Z]{3,4}))?$");
    private static final Pattern WEEKDAY = Pattern.compile(
            "(?i)\\b(mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(day|nesday|sday|urday)?\\b\\.?,?");
    /** A label a model or OCR left in front of the date ("Date: 15/01/2019"). */
    private static final Pattern LABEL = Pattern.compile("(?i)^(date|dated|tarikh|datum|fecha|data)\\s*[:.]?\\s*");
    /** Brackets and punctuation around the date ("(06/12/2016)", "15/01/2019."). */
    private static final Pattern BRACKETS = Pattern.compile("^[\\s(\\[\"']+|[\\s()\\[\\]\"',;:]+$");
    private static final Pattern ORDINAL = Pattern.compile("(?i)(\\d{1,2})(st|nd|rd|th|er|e)\\b");

    /** Month names and abbreviations (accents removed, lower case): English, German, French, Spanish, Italian, Dutch, Portuguese. */
    private static final Map<String, Integer> MONTHS = Map.ofEntries(
            Map.entry("jan", 1), Map.entry("january", 1), Map.entry("januar", 1), Map.entry("janvier", 1),
            Map.entry("janv", 1), Map.entry("enero", 1), Map.entry("ene", 1), Map.entry("gennaio", 1),
            Map.entry("gen", 1), Map.entry("januari", 1), Map.entry("janeiro", 1),
            Map.entry("feb", 2), Map.entry("february", 2), Map.entry("februar", 2), Map.entry("fevrier", 2),
            Map.entry("fev", 2), Map.entry("fevr", 2), Map.entry("febrero", 2), Map.entry("febbraio", 2),
            Map.entry("februari", 2), Map.entry("fevereiro", 2),
            Map.entry("mar", 3), Map.entry("march", 3), Map.entry("marz", 3), Map.entry("maerz", 3),
            Map.entry("mars", 3), Map.entry("marzo", 3), Map.entry("maart", 3), Map.entry("marco", 3), Map.entry("mrt", 3),
            Map.entry("apr", 4), Map.entry("april", 4), Map.entry("avril", 4), Map.entry("avr", 4),
            Map.entry("abril", 4), Map.entry("abr", 4), Map.entry("aprile", 4),
            Map.entry("may", 5), Map.entry("mai", 5), Map.entry("mayo", 5), Map.entry("maggio", 5),
            Map.entry("mag", 5), Map.entry("mei", 5), Map.entry("maio", 5),
            Map.entry("jun", 6), Map.entry("june", 6), Map.entry("juni", 6), Map.entry("juin", 6),
            Map.entry("junio", 6), Map.entry("giugno", 6), Map.entry("giu", 6), Map.entry("junho", 6),
            Map.entry("jul", 7), Map.entry("july", 7), Map.entry("juli", 7), Map.entry("juillet", 7),
            Map.entry("juil", 7), Map.entry("julio", 7), Map.entry("luglio", 7), Map.entry("lug", 7), Map.entry("julho", 7),
            Map.entry("aug", 8), Map.entry("august", 8), Map.entry("aout", 8), Map.entry("agosto", 8),
            Map.entry("ago", 8), Map.entry("augustus", 8),
            Map.entry("sep", 9), Map.entry("sept", 9), Map.entry("september", 9), Map.entry("septembre", 9),
            Map.entry("septiembre", 9), Map.entry("settembre", 9), Map.entry("set", 9), Map.entry("setembro", 9),
            Map.entry("oct", 10), Map.entry("october", 10), Map.entry("okt", 10), Map.entry("oktober", 10),
            Map.entry("octobre", 10), Map.entry("octubre", 10), Map.entry("ottobre", 10), Map.entry("ott", 10),
            Map.entry("out", 10), Map.entry("outubro", 10),
            Map.entry("nov", 11), Map.entry("november", 11), Map.entry("novembre", 11), Map.entry("noviembre", 11),
            Map.entry("novembro", 11),
            Map.entry("dec", 12), Map.entry("december", 12), Map.entry("dez", 12), Map.entry("dezember", 12),
            Map.entry("decembre", 12), Map.entry("diciembre", 12), Map.entry("dic", 12), Map.entry("dicembre", 12),
            Map.entry("dezembro", 12));

    /**
     * Reads one printed date.
     *
     * @param printed the text as printed
     * @param order   the day/month order to use when the numbers leave it open, or null to leave it open
     *                (then an ambiguous date comes back with a null value and both candidates)
     */
    public DateReading parse(String printed, DateOrder order) {
        if (printed == null || printed.isBlank() || printed.trim().equalsIgnoreCase("null")) {
            return new DateReading(printed, null, ParseOutcome.ABSENT, List.of(), null);
        }
        String text = Normalizer.normalize(printed, Normalizer.Form.NFKC).trim();
        text = LABEL.matcher(text).replaceFirst("");
        text = WEEKDAY.matcher(text).replaceAll(" ").trim();
        text = BRACKETS.matcher(text).replaceAll("").trim();
        text = TRAILING_TIME.matcher(text).replaceFirst("").trim();

        Matcher cjk = CJK.matcher(text);
        if (cjk.matches()) {
            return single(printed, date(cjk.group(1), cjk.group(2), cjk.group(3)));
        }
        Matcher compact = COMPACT.matcher(text);
        if (compact.matches()) {
            return single(printed, date(compact.group(1), compact.group(2), compact.group(3)));
        }
        Matcher numeric = NUMERIC.matcher(text);
        if (numeric.matches()) {
            return numeric(printed, numeric.group(1), numeric.group(2), numeric.group(3), order);
        }
        return named(printed, text);
    }

    /**
     * The order a numeric date proves on its own: "13/11/2026" proves day first, "11/13/2026" month first;
     * empty when both numbers are 12 or less or the date is not numeric day/month/year.
     */
    public Optional<DateOrder> provenOrder(String printed) {
        if (printed == null) {
            return Optional.empty();
        }
        String text = TRAILING_TIME.matcher(printed.trim()).replaceFirst("").trim();
        Matcher numeric = NUMERIC.matcher(text);
        if (!numeric.matches() || numeric.group(1).length() > 2) {
            return Optional.empty();
        }
        int first = Integer.parseInt(numeric.group(1));
        int second = Integer.parseInt(numeric.group(2));
        if (first > 12 && first <= 31 && second <= 12) {
            return Optional.of(DateOrder.DAY_FIRST);
        }
        if (second > 12 && second <= 31 && first <= 12) {
            return Optional.of(DateOrder.MONTH_FIRST);
        }
        return Optional.empty();
    }

    private DateReading numeric(String printed, String a, String b, String c, DateOrder order) {
        if (a.length() == 4) {
            return single(printed, date(a, b, c));
        }
        if (a.length() == 3 || c.length() == 3) {
            return unparseable(printed, "is not a date");
        }
        Optional<LocalDate> dayFirst = date(c, b, a);
        Optional<LocalDate> monthFirst = date(c, a, b);
        if (dayFirst.isEmpty() && monthFirst.isEmpty()) {
            return unparseable(printed, "is not a valid date in either day/month order");
        }
        if (dayFirst.isEmpty() || monthFirst.isEmpty() || dayFirst.equals(monthFirst)) {
            LocalDate only = dayFirst.orElseGet(monthFirst::get);
            return new DateReading(printed, only, ParseOutcome.PARSED, List.of(only), null);
        }
        List<LocalDate> both = List.of(dayFirst.get(), monthFirst.get());
        LocalDate chosen = order == null ? null : order == DateOrder.DAY_FIRST ? dayFirst.get() : monthFirst.get();
        return new DateReading(printed, chosen, ParseOutcome.AMBIGUOUS, both,
                "'" + printed + "' may be " + dayFirst.get() + " (day first) or " + monthFirst.get() + " (month first)");
    }

    private DateReading named(String printed, String text) {
        String cleaned = WEEKDAY.matcher(stripAccents(text)).replaceAll(" ");
        cleaned = ORDINAL.matcher(cleaned).replaceAll("$1");
        String[] tokens = cleaned.toLowerCase(Locale.ROOT).split("[\\s,./\\-']+|(?<=\\d)(?=[a-z])|(?<=[a-z])(?=\\d)");
        Integer month = null;
        int monthIndex = -1;
        List<String> numbers = new ArrayList<>();
        List<Integer> numberIndexes = new ArrayList<>();
        int index = 0;
        for (String token : tokens) {
            if (token.isEmpty() || token.equals("de") || token.equals("of")) {
                continue;
            }
            if (token.matches("\\d+")) {
                numbers.add(token);
                numberIndexes.add(index++);
            } else if (MONTHS.containsKey(token) && month == null) {
                month = MONTHS.get(token);
                monthIndex = index++;
            } else {
                return unparseable(printed, "is not a date");
            }
        }
        if (month == null || numbers.size() != 2) {
            return unparseable(printed, "is not a date");
        }
        String day;
        String year;
        if (numbers.get(0).length() == 4) {
            year = numbers.get(0);
            day = numbers.get(1);
        } else if (numbers.get(1).length() == 4) {
            day = numbers.get(0);
            year = numbers.get(1);
        } else if (numberIndexes.get(0) < monthIndex || monthIndex == 0) {
            day = numbers.get(0);   // "15-Jan-19", "Jan 15 19"
            year = numbers.get(1);
        } else {
            return unparseable(printed, "is not a date");
        }
        Optional<LocalDate> date = date(year, String.valueOf(month), day);
        return date.map(d -> new DateReading(printed, d, ParseOutcome.PARSED, List.of(d), null))
                .orElseGet(() -> unparseable(printed, "is not a valid date"));
    }

    private static DateReading single(String printed, Optional<LocalDate> date) {
        return date.map(d -> new DateReading(printed, d, ParseOutcome.PARSED, List.of(d), null))
                .orElseGet(() -> unparseable(printed, "is not a valid date"));
    }

    private static DateReading unparseable(String printed, String why) {
        return new DateReading(printed, null, ParseOutcome.UNPARSEABLE, List.of(), "'" + printed + "' " + why);
    }

    private static Optional<LocalDate> date(String year, String month, String day) {
        int y = Integer.parseInt(year);
        if (year.length() == 2) {
            y += y < 70 ? 2000 : 1900;
        } else if (year.length() != 4) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDate.of(y, Integer.parseInt(month), Integer.parseInt(day)));
        } catch (DateTimeException e) {
            return Optional.empty(); // 31/02 or month 13: not this reading
        }
    }

    private static String stripAccents(String text) {
        return Normalizer.normalize(text, Normalizer.Form.NFD).replaceAll("\\p{M}", "").replace("ä", "ae");
    }
}
