package dev.ledgerlens.validate;

/**
 * What the rest of the document says about how its numbers are printed, used to settle
 * "1,234" (one thousand two hundred thirty-four, or one point two three four?).
 *
 * @param currency          the document's ISO-4217 currency, or null; its minor units decide 3-digit groups
 * @param decimalSeparator  '.' or ',' when the document's other amounts show it unambiguously ("27,80"), else null
 */
public record AmountHints(String currency, Character decimalSeparator) {
    /** Nothing known. */
    public static final AmountHints NONE = new AmountHints(null, null);
}
