package dev.ledgerlens.validate;

import java.time.LocalDate;
import java.util.List;

/**
 * One printed date, read.
 *
 * @param printed    the text as printed
 * @param value      the date; for AMBIGUOUS the reading of the order that was asked for, or null when none was
 * @param outcome    how reading went
 * @param candidates every valid reading (one for an unambiguous date, two when day and month may be swapped)
 * @param note       for AMBIGUOUS and UNPARSEABLE: what the doubt or the problem is, quoting the text
 */
public record DateReading(String printed, LocalDate value, ParseOutcome outcome, List<LocalDate> candidates,
                          String note) {
    public DateReading {
        candidates = candidates == null ? List.of() : List.copyOf(candidates);
    }

    /** True when the numbers alone leave day and month open (both 12 or less and different). */
    public boolean orderMatters() {
        return candidates.size() > 1;
    }
}
