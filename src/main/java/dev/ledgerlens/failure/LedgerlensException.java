package dev.ledgerlens.failure;

import java.util.List;

/**
 * The one exception type of the pipeline: a failure with a typed {@link FailureReason}.
 * Routes decide redelivery, dead-lettering or stopping the run from {@link #category()}.
 * Messages never contain secrets.
 */
public class LedgerlensException extends RuntimeException {
    private final FailureReason reason;
    private final List<Violation> violations;
    private final List<String> modelAnswers;

    public LedgerlensException(FailureReason reason, String message) {
        this(reason, message, null, List.of(), List.of());
    }

    public LedgerlensException(FailureReason reason, String message, Throwable cause) {
        this(reason, message, cause, List.of(), List.of());
    }

    public LedgerlensException(FailureReason reason, String message, Throwable cause,
                               List<Violation> violations, List<String> modelAnswers) {
        super(message, cause);
        this.reason = reason;
        this.violations = List.copyOf(violations);
        this.modelAnswers = List.copyOf(modelAnswers);
    }

    public FailureReason reason() {
        return reason;
    }

    public Category category() {
        return reason.category();
    }

    /** True for failures Camel should redeliver; used by the route configuration. */
    public boolean isTransient() {
        return reason.category() == Category.TRANSIENT;
    }

    /** True for failures that stop the whole run. */
    public boolean isFatal() {
        return reason.category() == Category.FATAL;
    }

    /** The broken constraints, for validation failures; empty otherwise. */
    public List<Violation> violations() {
        return violations;
    }

    /** The model's raw answers that led here (first answer, re-ask answer), for the dead letter. */
    public List<String> modelAnswers() {
        return modelAnswers;
    }
}
