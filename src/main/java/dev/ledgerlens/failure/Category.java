package dev.ledgerlens.failure;

/**
 * What the pipeline does with a failed document. Every {@link FailureReason} has exactly one.
 */
public enum Category {
    /** May succeed later (HTTP 429/5xx, timeout, database unavailable): redelivered with back-off, then dead-lettered. */
    TRANSIENT,
    /** This document will fail again as it is (corrupt, encrypted, refused, invalid): dead-lettered at once. */
    PERMANENT,
    /** Nothing will work (bad key, no quota, broken configuration): the run stops, documents stay queued. */
    FATAL
}
