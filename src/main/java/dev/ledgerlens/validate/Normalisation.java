package dev.ledgerlens.validate;

import dev.ledgerlens.failure.Violation;

import java.util.List;

/**
 * The result of normalising one extraction.
 *
 * @param record     the normalised fields (fields that could not be read are null)
 * @param violations fields printed but unreadable, and an unknown document type: hard failures
 * @param reasons    doubts that do not stop the record but need a person (ambiguous date, amount or currency)
 * @param dateBasis  what settled the date's day/month order ({@link DateBasis#PRINTED} when the printed date leaves
 *                   no doubt)
 */
public record Normalisation(DocumentRecord record, List<Violation> violations, List<ReviewReason> reasons,
                            DateBasis dateBasis) {
    public Normalisation {
        violations = List.copyOf(violations);
        reasons = List.copyOf(reasons);
    }
}
