package dev.ledgerlens.validate;

/**
 * Why a record needs a person's look: a reconciliation rule that failed, an ungrounded field,
 * an ambiguous date. Stored as JSON with the record, never used to "fix" it.
 *
 * @param rule    the rule's name ({@code items_sum_to_subtotal}, {@code total_grounded}, …)
 * @param message what was found, with the numbers
 */
public record ReviewReason(String rule, String message) {
}
