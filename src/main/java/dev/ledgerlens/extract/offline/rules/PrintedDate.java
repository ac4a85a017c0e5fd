package dev.ledgerlens.extract.offline.rules;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A date as printed ("15/01/2019", "2019-01-15", "15 Jan 2019", "Jan 15, 2019", "15-JAN-19") and the day it means.
 * Numeric dates are read day first unless that is impossible (13/25) and month first is possible; that is how
 * most of the world prints them, and the validate stage makes the final call with the document's locale.
 * Immutable and thread-safe.
 *
 * @param printed the text as printed
 * @param value   the day it is read as
 * @param start   index in the row text
 * @param end     index just after it
 */
public record PrintedDate(String printed, LocalDate value, int start, int end) {
    /** Abbreviations printed on receipts that no label file spells out as a month's name. */
    private static final Map<String, Integer> ABBREVIATIONS = Map.ofEntries(
            Map.entry("JAN", 1), Map.entry("FEB", 2), Map.entry("MAR", 3), Map.entry("APR", 4), Map.entry("MAY", 5),
            Map.entry("JUN", 6), Map.entry("JUL", 7), Map.entry("AUG", 8), Map.entry("SEP", 9), Map.entry("OCT", 10),
            Map.entry("NOV", 11), Map.entry("DEC", 12), Map.entry("JANV", 1), Map.entry("FEV", 2), Map.entry("FEVR", 2),
            Map.entry("AVR", 4), Map.entry("JUIL", 7), Map.entry("MRZ", 3), Map.entry("OKT", 10),
            Map.entry("DEZ", 12), Map.entry("AGU", 8), Map.entry("OGOS", 8), Map.entry("DIS", 12), Map.entry("ENE", 1),
            Map.entry("ABR", 4), Map.entry("AGO", 8), Map.entry("DIC", 12), Map.entry("GEN", 1), Map.entry("MAG", 5),
            Map.entry("GIU", 6), Map.entry("LUG", 7), Map.entry("SETT", 9), Map.entry("OTT", 10), Map.entry("MRT", 3));
    /**
     * Month names of every shipped language ({@code config/labels/*.txt}, section {@code [months]}) and the usual
     * abbreviations, folded (upper case, no accents). A date with a month's name is unambiguous in any language, so
     * every shipped language's names are always known, whatever {@code ledgerlens.offline.labels} loads for labels.
     */
    private static final Map<String, Integer> MONTHS = months();
    private static final String MONTH_NAMES = MONTHS.keySet().stream()
            .sorted(java.util.Comparator.comparingInt(String::length).reversed().thenComparing(java.util.Comparator.naturalOrder()))
            .map(Pattern::quote).collect(java.util.stream.Collectors.joining("|"));

    private static Map<String, Integer> months() {
        Map<String, Integer> months = new java.util.HashMap<>(ABBREVIATIONS);
        months.putAll(Labels.shipped().months());
        return Map.copyOf(months);
    }

    private static final Pattern YEAR_FIRST = Pattern.compile("(?<![\\d.,/-])(\\d{4})\\s?([/.-])\\s?(\\d{1,2})\\s?\\2\\s?(\\d{1,2})(?![\\d])");
    private static final Pattern DAY_OR_MONTH_FIRST = Pattern.compile(
            "(?<![\\d.,/-])(\\d{1,2})\\s?([/.-])\\s?(\\d{1,2})\\s?\\2\\s?(\\d{4}|\\d{2})(?![\\d]|[.,]\\d)");
    /** "15 Jan 2019", "15. März 2026", "1er janvier 2026", "20 de octubre de 2026" (matched on folded text). */
    private static final Pattern DAY_MONTH_NAME = Pattern.compile(
            "(?<![\\d])(\\d{1,2})(?:ST|ND|RD|TH|ER|E)?[\\s./-]*(?:DE\\s+)?(" + MONTH_NAMES + ")(?!\\p{L})\\.?[\\s./,-]*(?:DE(?:L)?\\s+)?'?(\\d{4}|\\d{2})(?![\\d])");
    /**
     * "Jan 15, 2019", "October 14, 2026", "Dec-01-2026", "DEC-01-26", "Dec 3 '26" (matched on folded text). A
     * two-digit year only after a dash or an apostrophe: "Dec 3 12:10" is a day and a time.
     */
    private static final Pattern MONTH_NAME_DAY = Pattern.compile(
            "(?<![\\p{L}])(" + MONTH_NAMES + ")(?!\\p{L})\\.?(?:\\s*|-)(\\d{1,2})(?:ST|ND|RD|TH)?"
                    + "(?:(?:,?\\s*|-)(\\d{4})|(?:-|,?\\s*')(\\d{2}))(?![\\d:])");

    /**
     * A four-digit year run into the time after it ("25/12/20188:13:39PM", "05Mar201818:24"): line recognisers
     * that drop narrow spaces print receipts' date-and-time rows like this.
     */
    private static final Pattern GLUED_NUMERIC = Pattern.compile(
            "(?<![\\d.,/-])(\\d{1,2})([/.-])(\\d{1,2})\\2(\\d{4})(?=\\d{1,2}:\\d{2})");
    /**
     * A year of this century or the last run into the number printed after it ("17/01/201842153": a till number);
     * read only on a row with no other date ({@link #findAllTolerant}), as an invoice number may look like it.
     */
    private static final Pattern GLUED_YEAR = Pattern.compile(
            "(?<![\\d.,/-])(\\d{1,2})([/.-])(\\d{1,2})\\2((?:19|20)\\d{2})(?=\\d)");
    /**
     * A two-digit year run into the time after it ("17-06-1812:56"); read only where the four digits are no year
     * (1812), since "17-06-2012:56" reads as 2012 first.
     */
    private static final Pattern GLUED_SHORT_YEAR = Pattern.compile(
            "(?<![\\d.,/-])(\\d{1,2})([/.-])(\\d{1,2})\\2(\\d{2})(?=\\d{1,2}:\\d{2})");
    private static final Pattern GLUED_MONTH_NAME = Pattern.compile(
            "(?<![\\d])(\\d{1,2})[\\s./-]*(" + MONTH_NAMES + ")\\.?[\\s./,-]*(\\d{4})(?=\\d{1,2}:\\d{2})");

    /** Every date on the row, left to right. */
    public static List<PrintedDate> findAll(String text) {
        List<PrintedDate> dates = new ArrayList<>();
        Matcher matcher = YEAR_FIRST.matcher(text);
        while (matcher.find()) {
            add(dates, text, matcher, date(matcher.group(1), matcher.group(3), matcher.group(4)));
        }
        addNumeric(dates, text, DAY_OR_MONTH_FIRST);
        // month names are matched on the folded text (no case, no accents), which has the printed text's indices
        String folded = Labels.fold(text);
        matcher = DAY_MONTH_NAME.matcher(folded);
        while (matcher.find()) {
            add(dates, text, matcher, date(matcher.group(3), month(matcher.group(2)), matcher.group(1)));
        }
        matcher = MONTH_NAME_DAY.matcher(folded);
        while (matcher.find()) {
            String year = matcher.group(3) != null ? matcher.group(3) : matcher.group(4);
            add(dates, text, matcher, date(year, month(matcher.group(1)), matcher.group(2)));
        }
        addNumeric(dates, text, GLUED_NUMERIC);
        addNumeric(dates, text, GLUED_SHORT_YEAR);
        matcher = GLUED_MONTH_NAME.matcher(folded);
        while (matcher.find()) {
            add(dates, text, matcher, date(matcher.group(3), month(matcher.group(2)), matcher.group(1)));
        }
        dates.sort(java.util.Comparator.comparingInt(PrintedDate::start));
        return dates;
    }

    /** The dates {@code numeric} (day or month, separator, month or day, the same separator, year) finds, day first when it can be. */
    private static void addNumeric(List<PrintedDate> dates, String text, Pattern numeric) {
        Matcher matcher = numeric.matcher(text);
        while (matcher.find()) {
            LocalDate value = date(matcher.group(4), matcher.group(3), matcher.group(1));
            add(dates, text, matcher, value != null ? value : date(matcher.group(4), matcher.group(1), matcher.group(3)));
        }
    }

    /** Letters OCR puts in place of digits on thermal print. */
    private static final Pattern DATE_LIKE = Pattern.compile(
            "(?<![\\p{L}\\d])[\\dOoDQIl|SZB]{1,4}\\s?[/.-]\\s?[\\dOoDQIl|SZB]{1,2}\\s?[/.-]\\s?[\\dOoDQIl|SZB]{2,4}(?![\\p{L}\\d])");

    /**
     * Like {@link #findAll(String)}, and when that finds nothing, tries again with the usual OCR letter-for-digit
     * confusions repaired inside date-shaped tokens ("2O/O3/2Ol8" → "20/03/2018"), then with a month's name misread
     * by one letter repaired ({@link #withMonthRepaired}), then reading a year run into the number after it; the
     * repaired text is returned.
     */
    public static List<PrintedDate> findAllTolerant(String text) {
        List<PrintedDate> found = findAll(text);
        if (!found.isEmpty()) {
            return found;
        }
        Matcher matcher = DATE_LIKE.matcher(text);
        StringBuilder repaired = new StringBuilder();
        boolean changed = false;
        while (matcher.find()) {
            String token = matcher.group();
            String digits = token.replaceAll("[OoDQ]", "0").replaceAll("[Il|]", "1").replace('S', '5').replace('Z', '2').replace('B', '8');
            changed |= !digits.equals(token);
            matcher.appendReplacement(repaired, Matcher.quoteReplacement(digits));
        }
        matcher.appendTail(repaired);
        if (changed) {
            found = findAll(repaired.toString());
            if (!found.isEmpty()) {
                return found;
            }
        }
        String monthRepaired = withMonthRepaired(text);
        found = findAll(monthRepaired);
        if (found.isEmpty()) {
            // a row with no other date: a year run into the number after it is the date's
            found = new ArrayList<>();
            addNumeric(found, monthRepaired, GLUED_YEAR);
        }
        return found;
    }

    /** Where a month's name stands in a date: between day and year ("14/dun/2017"), or before day and year ("0ct 3,2016"). */
    private static final List<Pattern> MONTH_SLOTS = List.of(
            Pattern.compile("(?<![\\p{L}\\d])\\d{1,2}\\s?[/.-]\\s?([\\p{L}0-9]{2,3})\\s?[/.-]?\\s?(?:19|20)\\d{2}(?!\\d)"),
            Pattern.compile("(?<![\\p{L}\\d])([\\p{L}0-9]{3})\\.?\\s?\\d{1,2},?\\s?(?:19|20)\\d{2}(?!\\d)"));
    private static final List<String> MONTH_ABBREVIATIONS = List.of(
            "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC");

    /**
     * The text with a month's name OCR misread by one letter, where a date's month stands, written as the month's
     * abbreviation: "14/dun/2017" → "14/JUN/2017", "02/Ja0/2017" → "02/JAN/2017", "0ct 3,2016" → "OCT 3,2016". Only a
     * reading one letter away from exactly one month is repaired; the text unchanged otherwise.
     */
    static String withMonthRepaired(String text) {
        String result = text;
        for (Pattern slot : MONTH_SLOTS) {
            Matcher matcher = slot.matcher(result);
            StringBuilder repaired = new StringBuilder();
            int last = 0;
            while (matcher.find()) {
                String month = nearestMonth(matcher.group(1));
                if (month != null) {
                    repaired.append(result, last, matcher.start(1)).append(month);
                    last = matcher.end(1);
                }
            }
            result = repaired.append(result.substring(last)).toString();
        }
        return result;
    }

    private static String nearestMonth(String reading) {
        String upper = reading.toUpperCase(Locale.ROOT).replace('0', 'O');
        if (MONTH_ABBREVIATIONS.contains(upper)) {
            return upper; // "0CT": a zero for the O
        }
        if (upper.chars().filter(Character::isLetter).count() < 2 || MONTHS.containsKey(upper)) {
            return null;
        }
        String nearest = null;
        for (String month : MONTH_ABBREVIATIONS) {
            if (oneEditApart(upper, month)) {
                if (nearest != null) {
                    return null; // as near to two months: no repair
                }
                nearest = month;
            }
        }
        return nearest;
    }

    /** Whether one substitution, insertion or deletion turns {@code a} into {@code b}. */
    private static boolean oneEditApart(String a, String b) {
        if (a.equals(b) || Math.abs(a.length() - b.length()) > 1) {
            return false;
        }
        int i = 0;
        int j = 0;
        int edits = 0;
        while (i < a.length() && j < b.length()) {
            if (a.charAt(i) == b.charAt(j)) {
                i++;
                j++;
                continue;
            }
            if (++edits > 1) {
                return false;
            }
            if (a.length() > b.length()) {
                i++;
            } else if (a.length() < b.length()) {
                j++;
            } else {
                i++;
                j++;
            }
        }
        return edits + (a.length() - i) + (b.length() - j) == 1;
    }

    /** The first date in the text, or null. */
    public static LocalDate parse(String text) {
        if (text == null) {
            return null;
        }
        List<PrintedDate> all = findAll(text);
        return all.isEmpty() ? null : all.get(0).value();
    }

    private static void add(List<PrintedDate> dates, String text, Matcher matcher, LocalDate value) {
        if (value == null) {
            return;
        }
        for (PrintedDate other : dates) {
            if (matcher.start() < other.end() && other.start() < matcher.end()) {
                return;
            }
        }
        dates.add(new PrintedDate(text.substring(matcher.start(), matcher.end()).strip(), value, matcher.start(), matcher.end()));
    }

    private static String month(String name) {
        Integer month = MONTHS.get(Labels.fold(name));
        return month == null ? null : month.toString();
    }

    private static LocalDate date(String year, String month, String day) {
        if (year == null || month == null || day == null) {
            return null;
        }
        try {
            int y = Integer.parseInt(year);
            if (year.length() == 2) {
                // Two-digit years on receipts are this century's.
                y += 2000;
            }
            // Years outside this range are serial numbers or OCR noise, not the day of a purchase.
            if (y < 1990 || y > 2099) {
                return null;
            }
            return LocalDate.of(y, Integer.parseInt(month), Integer.parseInt(day));
        } catch (DateTimeException | NumberFormatException e) {
            return null;
        }
    }
}
