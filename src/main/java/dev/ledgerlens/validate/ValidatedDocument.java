package dev.ledgerlens.validate;

import dev.ledgerlens.extract.Extraction;

import java.util.List;
import java.util.Map;

/**
 * A document that passed the hard constraints, ready to store.
 *
 * @param extraction the engine's reading it came from
 * @param record     the normalised fields
 * @param status     VALID, or NEEDS_REVIEW when {@code reasons} is not empty
 * @param reasons    the failed reconciliation rules, ungrounded fields and ambiguities
 * @param grounding  per-field grounding ({@code total}, {@code date}, {@code items[0].price}, …)
 * @param confidence per scored field, the calibrated probability that its value is right ({@link ConfidenceScorer});
 *                   empty when the engine reports no evidence
 */
public record ValidatedDocument(Extraction extraction, DocumentRecord record, RecordStatus status,
                                List<ReviewReason> reasons, Map<String, FieldGrounding> grounding,
                                Map<String, Double> confidence) {
    public ValidatedDocument {
        reasons = List.copyOf(reasons);
        grounding = grounding == null ? Map.of() : Map.copyOf(grounding);
        confidence = confidence == null ? Map.of() : Map.copyOf(confidence);
    }

    /** A document without calibrated confidences. */
    public ValidatedDocument(Extraction extraction, DocumentRecord record, RecordStatus status,
                             List<ReviewReason> reasons, Map<String, FieldGrounding> grounding) {
        this(extraction, record, status, reasons, grounding, Map.of());
    }
}
