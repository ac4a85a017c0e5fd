package dev.ledgerlens.failure;

/**
 * One broken constraint of an extracted record, e.g. {@code total: must not be null}.
 *
 * @param field   the JSON field path ({@code total}, {@code items[2].price})
 * @param message what is wrong, in words
 */
public record Violation(String field, String message) {
    @Override
    public String toString() {
        return field + ": " + message;
    }
}
