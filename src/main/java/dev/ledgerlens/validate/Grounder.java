package dev.ledgerlens.validate;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks that what an engine extracted is printed on the page: each amount (subtotal, tax, tip, discount,
 * total, net total, charges, amount due, every item price, every tax line's amount and base) and the date must match a token of the page text after normalisation, so
 * "27,80" grounds 27.80 and "15 Jan 2019" grounds 2019-01-15. A value the model invented, or a tax
 * swapped into the total, then shows up as an ungrounded field and sends the record to review.
 *
 * <p>Matching is deliberately generous, because its job is to catch values that are nowhere on the page,
 * not to locate them: a tax that is not printed but is the exact sum of its printed tax lines counts as
 * grounded (invoices with several VAT rates), a token counts in every reading it allows (either decimal separator, either
 * day/month order), signs are ignored ("(12.00)" grounds a discount of 12.00), and zero amounts are not
 * checked (a tip of 0 adds nothing anyone could dispute). A whole-number amount such as 12 can be grounded
 * by any "12" on the page; that weakness is accepted.
 *
 * <p>When the document has no page text at all (an image sent to a vision model without OCR),
 * grounding is not possible: the result says so and raises no reason. That is a known gap, not a failure:
 * the reconciliation rules still apply.
 *
 * <p>Immutable and thread-safe.
 */
public final class Grounder {
    /** Spaced thousands ("1 234,56") that whitespace splitting would break apart. */
    private static final Pattern SPACE_GROUPED = Pattern.compile(
            "\\d{1,3}(?:[ \\u00A0\\u202F\\u2009]\\d{3})+(?:[.,]\\d{1,3})?");
    private static final Pattern NUMERIC_DATE = Pattern.compile(
            "\\d{1,4}\\s?[./\\-]\\s?\\d{1,2}\\s?[./\\-]\\s?\\d{2,4}|\\b\\d{8}\\b");
    private static final Pattern NAMED_DATE = Pattern.compile(
            // "25 de octubre de 2026", "3 de março de 2026", "25th of October 2026": the particles between day, month
            // and year; "Dec-01-2026", "Dec 3 '26"
            "(?i)\\d{1,2}(?:st|nd|rd|th)?[\\s\\-./]*(?:(?:de|of)\\s+)?\\p{L}{3,9}\\.?[\\s\\-./,]*(?:de\\s+)?\\d{2,4}"
                    + "|\\p{L}{3,9}\\.?(?:\\s*|-)\\d{1,2}(?:st|nd|rd|th)?(?:,?\\s*'?|-)\\d{2,4}");
    private static final Pattern CJK_DATE = Pattern.compile("\\d{4}\\s*[年년]\\s*\\d{1,2}\\s*[月월]\\s*\\d{1,2}");
    private static final Pattern INNER_NUMBER = Pattern.compile("\\d[\\d.,']*");
    private static final AmountHints DOT = new AmountHints(null, '.');
    private static final AmountHints COMMA = new AmountHints(null, ',');

    private final AmountParser amounts;
    private final DateParser dates;

    public Grounder(AmountParser amounts, DateParser dates) {
        this.amounts = amounts;
        this.dates = dates;
    }

    /** Grounds the record's amounts and date in the given pages. */
    public Grounding ground(DocumentRecord record, List<PageText> pages) {
        List<PageText> withText = pages.stream().filter(page -> !page.text().isBlank()).toList();
        if (withText.isEmpty()) {
            return new Grounding(false, Map.of(), List.of());
        }
        List<Set<BigDecimal>> pageAmounts = new ArrayList<>();
        List<Set<LocalDate>> pageDates = new ArrayList<>();
        for (PageText page : withText) {
            pageAmounts.add(amountsIn(page.text()));
            pageDates.add(datesIn(page.text()));
        }

        Map<String, BigDecimal> values = new LinkedHashMap<>();
        values.put("subtotal", record.subtotal());
        values.put("tax", record.tax());
        values.put("tip", record.tip());
        values.put("discount", record.discount());
        values.put("total", record.total());
        values.put("net_total", record.netTotal());
        values.put("charges", record.charges());
        values.put("amount_due", record.amountDue());
        for (int i = 0; i < record.items().size(); i++) {
            values.put("items[" + i + "].price", record.items().get(i).price());
        }
        for (int i = 0; i < record.taxLines().size(); i++) {
            values.put("tax_lines[" + i + "].amount", record.taxLines().get(i).amount());
            values.put("tax_lines[" + i + "].base", record.taxLines().get(i).base());
        }

        Map<String, FieldGrounding> fields = new LinkedHashMap<>();
        List<ReviewReason> reasons = new ArrayList<>();
        Map<String, Integer> found = new LinkedHashMap<>();
        values.forEach((field, value) -> {
            if (value == null || value.signum() == 0) {
                return;
            }
            BigDecimal key = key(value);
            for (int i = 0; i < withText.size(); i++) {
                if (pageAmounts.get(i).contains(key)) {
                    found.put(field, withText.get(i).page());
                    break;
                }
            }
        });
        taxFromItsLines(record, found);
        values.forEach((field, value) -> {
            if (value != null && value.signum() != 0) {
                record(field, value.toPlainString(), found.get(field), fields, reasons);
            }
        });
        if (record.date() != null) {
            Integer page = null;
            for (int i = 0; i < withText.size() && page == null; i++) {
                if (pageDates.get(i).contains(record.date())) {
                    page = withText.get(i).page();
                }
            }
            record("date", record.date().toString(), page, fields, reasons);
        }
        return new Grounding(true, fields, reasons);
    }

    /** True when some reading of {@code text} (one token or a few, as printed) is {@code value}, sign ignored. */
    public boolean printsAmount(String text, BigDecimal value) {
        return value != null && amountsIn(text).contains(key(value));
    }

    /** True when {@code text} (a few printed words) can be read as {@code date}. */
    public boolean printsDate(String text, LocalDate date) {
        return date != null && datesIn(text).contains(date);
    }

    /**
     * An invoice with several VAT rates often prints only the tax lines, not their sum: the tax is then
     * grounded when every tax line is printed and they add up to it exactly.
     */
    private static void taxFromItsLines(DocumentRecord record, Map<String, Integer> found) {
        if (record.tax() == null || found.containsKey("tax") || record.taxLines().isEmpty()) {
            return;
        }
        BigDecimal sum = BigDecimal.ZERO;
        Integer page = null;
        for (int i = 0; i < record.taxLines().size(); i++) {
            BigDecimal amount = record.taxLines().get(i).amount();
            Integer linePage = found.get("tax_lines[" + i + "].amount");
            if (amount == null || linePage == null) {
                return;
            }
            sum = sum.add(amount);
            page = page == null ? linePage : page;
        }
        if (sum.compareTo(record.tax()) == 0) {
            found.put("tax", page);
        }
    }

    private static void record(String field, String value, Integer page, Map<String, FieldGrounding> fields,
                               List<ReviewReason> reasons) {
        fields.put(field, new FieldGrounding(page != null, page));
        if (page == null) {
            reasons.add(new ReviewReason(field + "_grounded", field + " " + value + " does not appear in the page text"));
        }
    }

    /** Every amount any token of the text can be read as, signless, without trailing zeros. */
    private Set<BigDecimal> amountsIn(String text) {
        Set<BigDecimal> found = new HashSet<>();
        for (String token : text.split("[\\s\\u00A0\\u202F]+")) {
            String bare = token.replaceAll("^[^0-9.,]+|[^0-9]+$", "");
            if (!bare.isEmpty() && Character.isDigit(bare.charAt(bare.length() - 1))) {
                addReadings(bare, found);
                // "12.50RM" splits off, but "Total:12.50" and "2x4.50" hide a number after a letter or symbol.
                Matcher inner = INNER_NUMBER.matcher(bare);
                while (inner.find()) {
                    addReadings(inner.group(), found);
                }
            }
        }
        Matcher spaced = SPACE_GROUPED.matcher(text);
        while (spaced.find()) {
            addReadings(spaced.group(), found);
        }
        return found;
    }

    private void addReadings(String number, Set<BigDecimal> found) {
        for (AmountHints hints : new AmountHints[]{AmountHints.NONE, DOT, COMMA}) {
            AmountReading reading = amounts.parse(number, hints);
            if (reading.value() != null) {
                found.add(key(reading.value()));
            }
        }
    }

    private Set<LocalDate> datesIn(String text) {
        Set<LocalDate> found = new HashSet<>();
        for (Pattern pattern : new Pattern[]{NUMERIC_DATE, NAMED_DATE, CJK_DATE}) {
            // Overlapping search: in "REG #19- 18/01/2018" a first match "19- 18/01" must not hide the date.
            Matcher matcher = pattern.matcher(text);
            int from = 0;
            while (from < text.length() && matcher.find(from)) {
                found.addAll(dates.parse(matcher.group(), null).candidates());
                from = matcher.start() + 1;
            }
        }
        return found;
    }

    private static BigDecimal key(BigDecimal value) {
        return value.abs().stripTrailingZeros();
    }
}
