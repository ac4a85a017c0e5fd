package dev.ledgerlens.validate;

/**
 * What settled the day and month of a record's date, from surest to weakest. A numeric date whose numbers are both 12
 * or less ("03/04/2026") needs one of the others; what it got weighs into the date's confidence.
 */
public enum DateBasis {
    /** The printed date leaves no doubt: a named month, a year first, a day over 12 ("15/01/2019"). */
    PRINTED,
    /** {@code ledgerlens.validation.date-order}. */
    CONFIGURED,
    /** Another date on the document has a day over 12 and proves the order. */
    PROVEN,
    /** The country the shop's address names. */
    COUNTRY,
    /** The currency the document shows (USD month first, any other day first). */
    CURRENCY,
    /** No currency shown, but the total's decimal comma: the countries that print one write the day first. */
    DECIMALS,
    /** No currency shown, but a North American phone number ("(714) 555-0142"): month first, as in the US. */
    PHONE,
    /** Nothing: the date is stored day first and flagged {@code date_ambiguous}; also no date at all. */
    NONE
}
