package dev.ledgerlens.store;

import java.time.OffsetDateTime;

/**
 * One stored correction of one field of a record.
 *
 * @param id         row id; corrections apply in id order
 * @param fieldPath  the schema's path ({@code total}, {@code items[2].price}, {@code items[2]} for a line removed)
 * @param oldValue   the value before, as canonical text ({@code 59.56}); null for none
 * @param newValue   the value after; null for none (or a removed line)
 * @param reviewer   who made it
 * @param createdAt  when
 */
public record Correction(long id, String fieldPath, String oldValue, String newValue, String reviewer,
                         OffsetDateTime createdAt) {
}
