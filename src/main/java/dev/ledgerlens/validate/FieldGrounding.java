package dev.ledgerlens.validate;

/**
 * Whether one extracted value was found in the page text, and where.
 *
 * @param grounded true when the normalised value appears in the page text
 * @param page     the 1-based page it was found on, or null
 */
public record FieldGrounding(boolean grounded, Integer page) {
}
