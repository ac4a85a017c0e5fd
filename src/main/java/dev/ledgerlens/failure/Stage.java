package dev.ledgerlens.failure;

/** The pipeline stage a failure happened in, as recorded on a dead letter. */
public enum Stage {
    INGEST, RENDER, EXTRACT, VALIDATE, STORE;

    /** The lower-case name used in the database and in exports. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The stage a label names ({@code render} → RENDER), as the routes set it. */
    public static Stage fromLabel(String label) {
        return valueOf(label.trim().toUpperCase(java.util.Locale.ROOT));
    }
}
