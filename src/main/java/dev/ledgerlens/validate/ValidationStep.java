package dev.ledgerlens.validate;

import dev.ledgerlens.extract.Extraction;
import dev.ledgerlens.extract.Extractor;
import dev.ledgerlens.failure.FailureReason;
import dev.ledgerlens.failure.LedgerlensException;
import dev.ledgerlens.failure.Violation;

import java.util.ArrayList;
import java.util.List;

/**
 * The validate stage as the route calls it: validate the engine's first answer and, when it fails the hard
 * constraints, ask the engine once more with the violations and validate that answer. A second failure is
 * thrown as VALIDATION_FAILED carrying the violations of the second answer and both answers, so the dead
 * letter shows what the model said each time. One re-ask only: a model that is wrong twice is not
 * going to be right the third time, and each try costs money.
 *
 * <p>Thread-safe when its validator and extractor are (both are, by contract).
 */
public final class ValidationStep {
    private final RecordValidator validator;
    private final Extractor extractor;

    public ValidationStep(RecordValidator validator, Extractor extractor) {
        this.validator = validator;
        this.extractor = extractor;
    }

    /** Validates, re-asking once on a hard-constraint failure. */
    public ValidatedDocument apply(Extraction first) {
        try {
            return validator.validate(first);
        } catch (LedgerlensException firstFailure) {
            if (firstFailure.reason() != FailureReason.VALIDATION_FAILED) {
                throw firstFailure;
            }
            Extraction second = extractor.reask(first, firstFailure.violations());
            if (second == null || second.equals(first)) {
                throw firstFailure; // the engine cannot do better (offline): same answer, same verdict
            }
            return applyReasked(second, firstFailure.violations(), first.answers());
        }
    }

    /**
     * The hard-constraint violations of an answer, without re-asking: empty when it passes. For answers whose re-ask is
     * not sent at once (an answer collected from a batch, re-asked in the next batch).
     */
    public List<Violation> violations(Extraction first) {
        try {
            validator.validate(first);
            return List.of();
        } catch (LedgerlensException failure) {
            if (failure.reason() != FailureReason.VALIDATION_FAILED) {
                throw failure;
            }
            return failure.violations();
        }
    }

    /**
     * Validates the answer to a re-ask, with no further re-ask: a failure is thrown as VALIDATION_FAILED with the
     * second answer's violations and both answers.
     *
     * @param firstViolations what the first answer broke (the re-ask's reason)
     * @param firstAnswers    the first answer(s), kept with the second in the dead letter
     */
    public ValidatedDocument applyReasked(Extraction second, List<Violation> firstViolations, List<String> firstAnswers) {
        try {
            return validator.validate(second);
        } catch (LedgerlensException secondFailure) {
            if (secondFailure.reason() != FailureReason.VALIDATION_FAILED) {
                throw secondFailure;
            }
            List<String> answers = new ArrayList<>(firstAnswers);
            second.answers().stream().filter(answer -> !answers.contains(answer)).forEach(answers::add);
            throw new LedgerlensException(FailureReason.VALIDATION_FAILED,
                    secondFailure.getMessage() + " (also after re-asking once; first answer: " + firstViolations + ")",
                    null, secondFailure.violations(), answers);
        }
    }
}
