package dev.ledgerlens.validate;

/** How reading one printed value went. */
public enum ParseOutcome {
    /** Nothing printed (null, blank, "n/a"). */
    ABSENT,
    /** Read with no doubt. */
    PARSED,
    /** Read, but another reading is possible; the value is the more likely one and the note says the other. */
    AMBIGUOUS,
    /** Printed but not readable as this kind of value. */
    UNPARSEABLE
}
