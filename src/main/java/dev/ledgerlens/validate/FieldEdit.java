package dev.ledgerlens.validate;

/**
 * A reviewer's new value for one field of a record.
 *
 * @param path  the schema's path: {@code total}, {@code store_name}, {@code items[2].price}; {@code items[2]} (with no
 *              value) removes that line; {@code items[N].name} with N the number of lines adds one
 * @param value the value as typed ({@code 49.56}, {@code 2026-03-02}); null or blank clears the field
 */
public record FieldEdit(String path, String value) {
}
