package dev.ledgerlens.validate;

import dev.ledgerlens.config.ConfigSource;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Locale;

/**
 * The validate stage's settings, from the {@code validation} section of {@code config/application.properties}.
 *
 * @param lineTolerance    largest difference accepted by per-line checks (qty × unit price = price)
 * @param totalTolerance   largest difference accepted by document-level sums (items, parts, tax lines)
 * @param dateOrder        day/month order forced for ambiguous numeric dates, or null to decide per document
 * @param defaultCurrency  ISO-4217 code for documents that print no currency, and the dollar a bare "$" means; or null
 * @param grounding        whether to check that amounts and the date appear in the page text
 * @param minConfidence    a key field (store name, date, total) whose calibrated confidence is below this sends the
 *                         record to review as {@code <field>_unsure}; fields without a confidence are not judged
 * @param futureDateGrace  how far after today a document's date may lie before the record goes to review as
 *                         {@code date_in_future}; null never judges the date by the calendar
 */
public record ValidationSettings(BigDecimal lineTolerance, BigDecimal totalTolerance, DateOrder dateOrder,
                                 String defaultCurrency, boolean grounding, double minConfidence, Duration futureDateGrace) {

    /** One cent per line: a price is qty × unit price rounded once. */
    public static final BigDecimal DEFAULT_LINE_TOLERANCE = new BigDecimal("0.01");
    /** Two cents per total: two rounded numbers (e.g. tax and subtotal) may each be half a cent off. */
    public static final BigDecimal DEFAULT_TOTAL_TOLERANCE = new BigDecimal("0.02");
    /**
     * The threshold that let the most tuning receipts through as valid without a wrong total or date among them
     * (docs/validation.md, "Confidence"): shop names rarely reach 0.95, so a higher one sends nearly every receipt to review.
     */
    public static final double DEFAULT_MIN_CONFIDENCE = 0.85;
    /**
     * A month: a receipt is printed the day it is paid, but an invoice is sometimes dated for the start of the period
     * it bills. A date further ahead is a misread digit of the year or month ("2026" read "2028") that no other check sees.
     */
    public static final Duration DEFAULT_FUTURE_DATE_GRACE = Duration.ofDays(31);

    public ValidationSettings {
        if (lineTolerance == null || lineTolerance.signum() < 0 || totalTolerance == null || totalTolerance.signum() < 0) {
            throw new IllegalArgumentException("tolerances must be zero or positive");
        }
        if (defaultCurrency != null && !CurrencyParser.isIsoCode(defaultCurrency)) {
            throw new IllegalArgumentException("'" + defaultCurrency + "' is not an ISO-4217 code");
        }
        if (!(minConfidence >= 0 && minConfidence <= 1)) {
            throw new IllegalArgumentException("min-confidence must be between 0 and 1, was " + minConfidence);
        }
        if (futureDateGrace != null && futureDateGrace.isNegative()) {
            throw new IllegalArgumentException("future-date-grace must not be negative, was " + futureDateGrace);
        }
    }

    /** The same settings with another confidence threshold. */
    public ValidationSettings withMinConfidence(double threshold) {
        return new ValidationSettings(lineTolerance, totalTolerance, dateOrder, defaultCurrency, grounding, threshold, futureDateGrace);
    }

    /** The same settings with another grace for dates after today (null: never judged by the calendar). */
    public ValidationSettings withFutureDateGrace(Duration grace) {
        return new ValidationSettings(lineTolerance, totalTolerance, dateOrder, defaultCurrency, grounding, minConfidence, grace);
    }

    /**
     * The defaults: both tolerances, the confidence threshold and the future-date grace as above, order decided per
     * document, no default currency, grounding on.
     */
    public static ValidationSettings defaults() {
        return new ValidationSettings(DEFAULT_LINE_TOLERANCE, DEFAULT_TOTAL_TOLERANCE, null, null, true, DEFAULT_MIN_CONFIDENCE,
                DEFAULT_FUTURE_DATE_GRACE);
    }

    /** Reads {@code ledgerlens.validation.*}; a bad value fails with a message naming the key to fix. */
    public static ValidationSettings from(ConfigSource config) {
        BigDecimal line = config.getDecimal("ledgerlens.validation.line-tolerance", DEFAULT_LINE_TOLERANCE);
        BigDecimal total = config.getDecimal("ledgerlens.validation.total-tolerance", DEFAULT_TOTAL_TOLERANCE);
        if (line.signum() < 0) {
            throw ConfigSource.invalid("ledgerlens.validation.line-tolerance", line.toPlainString(), "zero or positive");
        }
        if (total.signum() < 0) {
            throw ConfigSource.invalid("ledgerlens.validation.total-tolerance", total.toPlainString(), "zero or positive");
        }
        String order = config.getString("ledgerlens.validation.date-order", "auto").toLowerCase(Locale.ROOT);
        DateOrder dateOrder = switch (order) {
            case "auto" -> null;
            case "day-first", "day_first", "dmy" -> DateOrder.DAY_FIRST;
            case "month-first", "month_first", "mdy" -> DateOrder.MONTH_FIRST;
            default -> throw ConfigSource.invalid("ledgerlens.validation.date-order", order, "auto, day-first or month-first");
        };
        String currency = config.get("ledgerlens.validation.default-currency")
                .map(c -> c.toUpperCase(Locale.ROOT)).orElse(null);
        if (currency != null && !CurrencyParser.isIsoCode(currency)) {
            throw ConfigSource.invalid("ledgerlens.validation.default-currency", currency, "an ISO-4217 code such as EUR, or empty");
        }
        boolean grounding = config.getBoolean("ledgerlens.validation.grounding", true);
        double minConfidence = config.getDecimal("ledgerlens.validation.min-confidence",
                BigDecimal.valueOf(DEFAULT_MIN_CONFIDENCE)).doubleValue();
        if (minConfidence < 0 || minConfidence > 1) {
            throw ConfigSource.invalid("ledgerlens.validation.min-confidence", String.valueOf(minConfidence),
                    "a number from 0 (judge no field by its confidence) to 1");
        }
        String grace = config.getString("ledgerlens.validation.future-date-grace", "31d").strip();
        Duration futureDateGrace = null;
        if (!grace.equalsIgnoreCase("off")) {
            futureDateGrace = config.getDuration("ledgerlens.validation.future-date-grace", DEFAULT_FUTURE_DATE_GRACE);
            if (futureDateGrace.isNegative()) {
                throw ConfigSource.invalid("ledgerlens.validation.future-date-grace", grace, "a duration of zero or more, or off");
            }
        }
        return new ValidationSettings(line, total, dateOrder, currency, grounding, minConfidence, futureDateGrace);
    }
}
