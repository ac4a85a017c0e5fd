package dev.ledgerlens.validate;

import dev.ledgerlens.extract.Extraction;
import dev.ledgerlens.extract.Extractor;
import dev.ledgerlens.extract.RawFields;
import dev.ledgerlens.failure.FailureReason;
import dev.ledgerlens.failure.LedgerlensException;
import dev.ledgerlens.failure.Violation;
import dev.ledgerlens.render.PageSpec;
import dev.ledgerlens.render.RenderedDocument;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import static dev.ledgerlens.validate.Documents.fromImageOnly;
import static dev.ledgerlens.validate.Documents.receipt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class ValidationStepTest {
    private final RecordValidator validator = new RecordValidator(ValidationSettings.defaults());

    /** An engine at the boundary whose second answer is scripted; it remembers what it was told. */
    private static final class ScriptedExtractor implements Extractor {
        final List<List<Violation>> reasked = new ArrayList<>();
        private final Function<Extraction, Extraction> secondAnswer;

        ScriptedExtractor(Function<Extraction, Extraction> secondAnswer) {
            this.secondAnswer = secondAnswer;
        }

        @Override
        public String name() {
            return "scripted";
        }

        @Override
        public PageSpec pageSpec() {
            return null;
        }

        @Override
        public Extraction extract(RenderedDocument document) {
            throw new UnsupportedOperationException("the step only re-asks");
        }

        @Override
        public Extraction reask(Extraction first, List<Violation> violations) {
            reasked.add(violations);
            return secondAnswer.apply(first);
        }
    }

    private static final Extraction NO_TOTAL = fromImageOnly(receipt("2019-01-15", null, null, null, List.of()),
            "{\"total\":null}");

    @Test
    void aValidFirstAnswerIsNotReasked() {
        ScriptedExtractor engine = new ScriptedExtractor(first -> first);
        Extraction good = fromImageOnly(receipt("2019-01-15", null, null, "12.00", List.of()), "{\"total\":\"12.00\"}");

        ValidatedDocument validated = new ValidationStep(validator, engine).apply(good);

        assertThat(validated.record().total()).isEqualByComparingTo("12.00");
        assertThat(engine.reasked).isEmpty();
    }

    @Test
    void aFailedFirstAnswerIsReaskedOnceWithTheViolationsAndTheCorrectionIsUsed() {
        Extraction corrected = fromImageOnly(receipt("2019-01-15", null, null, "12.00", List.of()), "{\"total\":\"12.00\"}");
        ScriptedExtractor engine = new ScriptedExtractor(first -> corrected);

        ValidatedDocument validated = new ValidationStep(validator, engine).apply(NO_TOTAL);

        assertThat(validated.extraction()).isSameAs(corrected);
        assertThat(validated.record().total()).isEqualByComparingTo("12.00");
        assertThat(engine.reasked).singleElement().satisfies(violations ->
                assertThat(violations).extracting(Violation::field).containsExactly("total"));
    }

    @Test
    void aSecondFailureCarriesBothAnswers() {
        Extraction stillWrong = fromImageOnly(receipt("2019-01-15", null, null, "twelve", List.of()), "{\"total\":\"twelve\"}");
        ScriptedExtractor engine = new ScriptedExtractor(first -> stillWrong);

        LedgerlensException failure = catchThrowableOfType(LedgerlensException.class,
                () -> new ValidationStep(validator, engine).apply(NO_TOTAL));

        assertThat(failure.reason()).isEqualTo(FailureReason.VALIDATION_FAILED);
        assertThat(failure.modelAnswers()).containsExactly("{\"total\":null}", "{\"total\":\"twelve\"}");
        assertThat(failure.violations()).singleElement().satisfies(v -> assertThat(v.message()).contains("'twelve'"));
        assertThat(engine.reasked).hasSize(1);
    }

    @Test
    void anEngineThatCannotDoBetterFailsAtOnceWithTheFirstVerdict() {
        ScriptedExtractor offline = new ScriptedExtractor(first -> first);

        LedgerlensException failure = catchThrowableOfType(LedgerlensException.class,
                () -> new ValidationStep(validator, offline).apply(NO_TOTAL));

        assertThat(failure.violations()).extracting(Violation::field).containsExactly("total");
        assertThat(failure.modelAnswers()).containsExactly("{\"total\":null}");
        assertThat(offline.reasked).hasSize(1);
    }

    @Test
    void theCorrectedAnswerStillGoesThroughReconciliation() {
        Extraction corrected = fromImageOnly(receipt("2019-01-15", "9.00", "1.80", "9.00", List.of()), "{}");

        ValidatedDocument validated = new ValidationStep(validator, new ScriptedExtractor(first -> corrected)).apply(NO_TOTAL);

        assertThat(validated.status()).isEqualTo(RecordStatus.NEEDS_REVIEW);
        assertThat(validated.reasons()).extracting(ReviewReason::rule).containsExactly(Reconciler.TOTAL_EQUALS_PARTS);
    }

    @Test
    void aRawFieldsRecordWithEveryFieldNullIsNoRecord() {
        Extraction empty = fromImageOnly(RawFields.empty(), "{}");

        LedgerlensException failure = catchThrowableOfType(LedgerlensException.class,
                () -> new ValidationStep(validator, new ScriptedExtractor(first -> first)).apply(empty));

        assertThat(failure.violations()).extracting(Violation::field).containsExactly("date", "total");
    }
}
