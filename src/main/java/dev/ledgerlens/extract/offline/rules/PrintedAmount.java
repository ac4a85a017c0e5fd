package dev.ledgerlens.extract.offline.rules;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An amount as printed on a row ("1.234,56", "9.00"), with its value for comparisons between rows.
 * Immutable and thread-safe.
 *
 * @param printed the digits and separators exactly as printed, without currency or sign
 * @param value   the amount as a decimal (the last separator followed by two digits is the decimal point)
 * @param start   index of the amount in the row text
 * @param end     index just after the amount
 * @param negative printed with a leading minus or in parentheses
 */
public record PrintedAmount(String printed, BigDecimal value, int start, int end, boolean negative) {

    /**
     * Two decimals after a point or comma, optionally with thousands groups ("1,234.56", "1.234,56", and with a decimal
     * comma also spaces: "1 234,56", as French and Swiss invoices print). Not touching another digit or separator, so a
     * date "15.01.2019" or a rate "6.00%" never yields an amount.
     */
    private static final Pattern AMOUNT = Pattern.compile(
            "(?<![\\d.,/])(-|\\()?\\s?(?:RM|MYR|USD|EUR|GBP|SGD|US\\$|S\\$|\\$|€|£)?\\s?"
                    + "(\\d{1,3}(?:[,.']\\d{3})+|\\d{1,3}(?:[ \\u00A0\\u202F]\\d{3})+(?=,\\d{2})|\\d+)([.,])(\\d{2})(?![\\d/%]|\\s?%|[.,]\\d)");

    /** Every amount on the row, left to right. */
    public static List<PrintedAmount> findAll(String text) {
        List<PrintedAmount> amounts = new ArrayList<>();
        Matcher matcher = AMOUNT.matcher(text);
        while (matcher.find()) {
            String whole = matcher.group(2);
            char decimal = matcher.group(3).charAt(0);
            // "1,234.56" and "1.234,56": the grouping separator must differ from the decimal one.
            if (whole.length() > 3 && whole.indexOf(decimal) >= 0) {
                continue;
            }
            String digits = whole.replaceAll("[,.' \\u00A0\\u202F]", "");
            BigDecimal value = new BigDecimal(digits + "." + matcher.group(4));
            int start = matcher.start(2);
            String printed = text.substring(start, matcher.end(4));
            amounts.add(new PrintedAmount(printed, value, start, matcher.end(4), matcher.group(1) != null));
        }
        return amounts;
    }

    /** The amount as printed with its minus ("-80.00" for "-$80.00" or "(80.00)"): what the engine reports. */
    public String signed() {
        return (negative ? "-" : "") + printed;
    }

    /** The rightmost amount on the row, or null. */
    public static PrintedAmount last(String text) {
        List<PrintedAmount> all = findAll(text);
        return all.isEmpty() ? null : all.get(all.size() - 1);
    }
}
