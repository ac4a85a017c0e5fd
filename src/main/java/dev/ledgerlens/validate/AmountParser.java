package dev.ledgerlens.validate;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads amounts as printed on receipts and invoices in any common style: "1,234.56", "1.234,56",
 * "1 234,56" (also with no-break spaces), "1'234.56", "(12.00)", "-12.00", "12.00-", "12.00 CR",
 * with a currency symbol or code before or after ("RM 12.50", "12,50 €"), and the stray spaces OCR leaves.
 *
 * <p>One separator followed by exactly three digits ("1,234") is the hard case: a thousands group or
 * three decimals. It is settled by, in order: the document's decimal separator seen on its other amounts,
 * the currency's minor units (3 for KWD → decimals, 0 or 2 → thousands), an integer part of 0 or of more
 * than three digits (→ decimals). When nothing settles it the thousands reading is returned as
 * {@link ParseOutcome#AMBIGUOUS} with a note naming both readings: the caller flags it, never hides it.
 *
 * <p>Stateless and thread-safe.
 */
public final class AmountParser {
    private static final Set<String> ABSENT = Set.of("", "null", "none", "n/a", "na", "-", "--", "—", "–");
    /** Spaces OCR and typesetting put inside numbers: space, no-break, narrow no-break, thin, figure. */
    private static final Pattern SPACES = Pattern.compile("[\\s\\u00A0\\u202F\\u2009\\u2007\\u2008]+");
    private static final Pattern NUMBER_BODY = Pattern.compile("[0-9.,][0-9., ']*");

    private final CurrencyParser currencies;

    public AmountParser(CurrencyParser currencies) {
        this.currencies = currencies;
    }

    /** Reads one printed amount. */
    public AmountReading parse(String printed, AmountHints hints) {
        if (printed == null || ABSENT.contains(printed.trim().toLowerCase(Locale.ROOT))) {
            return AmountReading.absent(printed);
        }
        AmountHints known = hints == null ? AmountHints.NONE : hints;
        String text = SPACES.matcher(printed.trim()).replaceAll(" ")
                .replace('\u2212', '-').replace('\u2013', '-').replace('\u2019', '\'').replace('`', '\'');
        // Swiss/German "12.-" and "12,--" mean a whole amount; drop before the trailing-minus rule sees the dash.
        text = text.replaceFirst("(?<=[0-9])[.,]-{1,2}$", "");

        int first = firstDigit(text);
        int last = lastDigit(text);
        if (first < 0) {
            return AmountReading.unparseable(printed, "has no digits");
        }
        if (first > 0 && (text.charAt(first - 1) == '.' || text.charAt(first - 1) == ',')) {
            first--; // ".50"
        }
        String prefix = text.substring(0, first).trim();
        String body = text.substring(first, last + 1);
        String suffix = text.substring(last + 1).trim();

        boolean negative = false;
        if (prefix.contains("(") && suffix.contains(")")) {
            negative = true;
            prefix = prefix.replace("(", "");
            suffix = suffix.replace(")", "");
        }
        String suffixUpper = suffix.toUpperCase(Locale.ROOT);
        if (suffixUpper.endsWith("CR")) {
            negative = true; // a credit on a statement line
            suffix = suffix.substring(0, suffix.length() - 2).trim();
        } else if (suffixUpper.endsWith("DR")) {
            suffix = suffix.substring(0, suffix.length() - 2).trim();
        }
        if (suffix.endsWith("-")) {
            negative = true;
            suffix = suffix.substring(0, suffix.length() - 1).trim();
        }
        if (prefix.contains("-")) {
            negative = true;
            prefix = prefix.replace("-", "");
        }
        prefix = prefix.replace("+", "").trim();
        // A trailing '*' or '#', or one capital letter ("12.50 A", "3.99 T"), is a tax-class or footnote mark
        // on many till receipts, not part of the amount; a letter before the number is never dropped (R = rand).
        suffix = suffix.replaceAll("[*#]+$", "").trim();
        if (suffix.matches("[A-Z]") && !CurrencyParser.isCurrencyText(suffix)) {
            suffix = "";
        }

        String currencyText = (prefix + " " + suffix).trim();
        if (!prefix.isEmpty() && !suffix.isEmpty()) {
            return AmountReading.unparseable(printed, "has text on both sides of the number");
        }
        String currency = null;
        if (!currencyText.isEmpty()) {
            if (!CurrencyParser.isCurrencyText(currencyText)) {
                return AmountReading.unparseable(printed, "has '" + currencyText + "' around the number, which is no currency");
            }
            currency = currencies.resolve(currencyText, null).code();
        }
        if (!NUMBER_BODY.matcher(body).matches()) {
            return AmountReading.unparseable(printed, "is not a number");
        }
        String minorUnitsCurrency = currency != null ? currency : known.currency();
        NumberReading number = readNumber(body.replace(" '", "'").replace("' ", "'"), minorUnitsCurrency, known.decimalSeparator());
        if (number.value == null) {
            return AmountReading.unparseable(printed, number.note);
        }
        BigDecimal value = negative ? number.value.negate() : number.value;
        ParseOutcome outcome = number.note == null ? ParseOutcome.PARSED : ParseOutcome.AMBIGUOUS;
        String note = number.note == null ? null : "'" + printed + "' " + number.note;
        return new AmountReading(printed, value, currency, currencyText.isEmpty() ? null : currencyText, outcome, note);
    }

    /** The result of reading digits and separators: a value, and a note when ambiguous or broken. */
    private record NumberReading(BigDecimal value, String note) {
    }

    private static NumberReading readNumber(String body, String currency, Character documentDecimal) {
        // Spaces and apostrophes are only ever grouping; a space not followed by a 3-digit group is OCR noise.
        boolean spaceGrouped = false;
        String[] spaced = body.split(" ");
        StringBuilder joined = new StringBuilder(spaced[0]);
        for (int i = 1; i < spaced.length; i++) {
            if (spaced[i].matches("\\d{3}([.,'].*)?") && spaced[i - 1].matches(".*\\d")) {
                spaceGrouped = true;
            }
            joined.append(spaced[i]);
        }
        String digits = joined.toString();
        boolean apostropheGrouped = digits.indexOf('\'') >= 0;
        if (apostropheGrouped) {
            if (!validGroups(digits.split("[.,]")[0], '\'')) {
                return new NumberReading(null, "has apostrophes that are not thousands groups");
            }
            digits = digits.replace("'", "");
        }
        int dots = count(digits, '.');
        int commas = count(digits, ',');
        if (dots == 0 && commas == 0) {
            return new NumberReading(new BigDecimal(digits), null);
        }
        if (dots > 0 && commas > 0) {
            char decimal = digits.lastIndexOf('.') > digits.lastIndexOf(',') ? '.' : ',';
            char grouping = decimal == '.' ? ',' : '.';
            if (count(digits, decimal) > 1) {
                return new NumberReading(null, "has more than one decimal separator");
            }
            String integer = digits.substring(0, digits.indexOf(decimal));
            if (!validGroups(integer, grouping)) {
                return new NumberReading(null, "has '" + grouping + "' groups that are not thousands");
            }
            return decimal(integer.replace(String.valueOf(grouping), ""), digits.substring(digits.indexOf(decimal) + 1));
        }
        char separator = dots > 0 ? '.' : ',';
        if (count(digits, separator) > 1) {
            if (!validGroups(digits, separator)) {
                return new NumberReading(null, "has '" + separator + "' groups that are not thousands");
            }
            return new NumberReading(new BigDecimal(digits.replace(String.valueOf(separator), "")), null);
        }
        int at = digits.indexOf(separator);
        String integer = digits.substring(0, at);
        String fraction = digits.substring(at + 1);
        if (fraction.length() != 3 || spaceGrouped || apostropheGrouped
                || integer.isEmpty() || integer.equals("0") || integer.length() > 3) {
            return decimal(integer, fraction);
        }
        // "1,234": thousands or three decimals?
        if (documentDecimal != null) {
            return documentDecimal == separator ? decimal(integer, fraction)
                    : new NumberReading(new BigDecimal(integer + fraction), null);
        }
        int minorUnits = CurrencyParser.minorUnits(currency);
        if (minorUnits == 3) {
            return decimal(integer, fraction);
        }
        if (minorUnits >= 0) {
            return new NumberReading(new BigDecimal(integer + fraction), null);
        }
        return new NumberReading(new BigDecimal(integer + fraction),
                "may be " + integer + fraction + " (thousands group) or " + integer + "." + fraction
                        + " (three decimals); read as " + integer + fraction);
    }

    private static NumberReading decimal(String integer, String fraction) {
        if (fraction.isEmpty()) {
            return new NumberReading(new BigDecimal(integer.isEmpty() ? "0" : integer), null);
        }
        return new NumberReading(new BigDecimal((integer.isEmpty() ? "0" : integer) + "." + fraction), null);
    }

    /** 1–3 leading digits, then groups of 3 (or of 2 before the last 3, as in Indian lakh grouping 1,23,456). */
    private static boolean validGroups(String integer, char grouping) {
        String[] groups = integer.split(Pattern.quote(String.valueOf(grouping)), -1);
        if (groups.length == 1) {
            return true;
        }
        if (groups[0].isEmpty() || groups[0].length() > 3) {
            return false;
        }
        for (int i = 1; i < groups.length; i++) {
            boolean lastGroup = i == groups.length - 1;
            if (lastGroup ? groups[i].length() != 3 : groups[i].length() != 3 && groups[i].length() != 2) {
                return false;
            }
        }
        return true;
    }

    private static int count(String text, char c) {
        return (int) text.chars().filter(ch -> ch == c).count();
    }

    private static int firstDigit(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (Character.isDigit(text.charAt(i)) && text.charAt(i) < 128) {
                return i;
            }
        }
        return -1;
    }

    private static int lastDigit(String text) {
        for (int i = text.length() - 1; i >= 0; i--) {
            if (Character.isDigit(text.charAt(i)) && text.charAt(i) < 128) {
                return i;
            }
        }
        return -1;
    }
}
