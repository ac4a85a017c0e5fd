package dev.ledgerlens.extract.offline.rules;

/**
 * One field a rule read: the value, the row it was read from and how sure the rule is (the row's OCR
 * confidence times the rule's strength). Immutable.
 *
 * @param value      the value as printed
 * @param row        the index of the row it came from
 * @param confidence 0..1 (may exceed 1 before the parser clamps it)
 */
record Field<T>(T value, int row, double confidence) {

    /** The value of a field that may be absent. */
    static <T> T valueOf(Field<T> field) {
        return field == null ? null : field.value();
    }
}
