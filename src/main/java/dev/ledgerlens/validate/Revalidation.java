package dev.ledgerlens.validate;

import dev.ledgerlens.failure.Violation;

import java.util.List;
import java.util.Map;

/**
 * The checks of a record after a reviewer's correction ({@link RecordValidator#revalidate}).
 *
 * @param violations broken hard constraints (no total, no date): a correction that leaves any is refused
 * @param reasons    what still needs a person's look; empty when every check passes
 * @param grounding  per field, whether its value is printed on a page and on which
 */
public record Revalidation(List<Violation> violations, List<ReviewReason> reasons, Map<String, FieldGrounding> grounding) {
    public Revalidation {
        violations = List.copyOf(violations);
        reasons = List.copyOf(reasons);
        grounding = Map.copyOf(grounding);
    }

    /** VALID when nothing needs review, else NEEDS_REVIEW (meaningless while there are violations). */
    public RecordStatus status() {
        return ReviewReason.statusOf(reasons);
    }
}
