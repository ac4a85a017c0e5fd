package dev.ledgerlens.validate;

import java.util.List;

/**
 * Why a record needs a person's look: a reconciliation rule that failed, an ungrounded field,
 * an ambiguous date, a key field the engine is unsure of. Stored as JSON with the record, never used to "fix" it.
 * A few rules are notes rather than reasons: they are stored with the record and tell exports something, but do not
 * send it to review ({@link #sendsToReview()}).
 *
 * @param rule    the rule's name ({@code items_sum_to_subtotal}, {@code total_grounded}, …)
 * @param message what was found, with the numbers
 */
public record ReviewReason(String rule, String message) {
    /**
     * A note: the line items do not add up, but the total closes against subtotal + tax or against the amount paid
     * (tendered less the change, or a payment row of its own), so the items were misread, not the total. Exports book one line per tax rate
     * instead of the line items.
     */
    public static final String ITEMS_UNSURE = "items_unsure";

    /** Whether this sends its record to review ({@code needs_review}); a note ({@link #ITEMS_UNSURE}) does not. */
    public boolean sendsToReview() {
        return !ITEMS_UNSURE.equals(rule);
    }

    /** {@code needs_review} when any of the reasons sends its record to review, else {@code valid}. */
    public static RecordStatus statusOf(List<ReviewReason> reasons) {
        return reasons.stream().anyMatch(ReviewReason::sendsToReview) ? RecordStatus.NEEDS_REVIEW : RecordStatus.VALID;
    }
}
