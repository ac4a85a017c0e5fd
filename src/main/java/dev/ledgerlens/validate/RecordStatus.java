package dev.ledgerlens.validate;

import java.util.Locale;

/** The review state of a stored record. Exports take VALID and APPROVED by default. */
public enum RecordStatus {
    VALID, NEEDS_REVIEW, DUPLICATE, APPROVED, REJECTED;

    /** The name in the database and in exports ({@code needs_review}). */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static RecordStatus fromLabel(String label) {
        return valueOf(label.toUpperCase(Locale.ROOT));
    }
}
