package dev.ledgerlens.validate;

import dev.ledgerlens.extract.Extraction;
import dev.ledgerlens.extract.FieldEvidence;
import dev.ledgerlens.extract.RawFields;
import dev.ledgerlens.extract.Usage;
import dev.ledgerlens.extract.offline.OfflineExtractor;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Properties;

import static dev.ledgerlens.validate.Documents.item;
import static dev.ledgerlens.validate.Documents.receipt;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The calibrated confidence of key fields and what it decides: a record is {@code valid} only when its store name,
 * date and total are at or above {@code ledgerlens.validation.min-confidence}; an item-level failure with a total
 * that closes is a note; grounding reads every OCR pass.
 */
class ConfidenceScorerTest {
    private static final FieldEvidence AGREED = new FieldEvidence(0.95, 0.97, 3, 3, 1.0, false);
    private static final FieldEvidence ONE_OF_THREE = new FieldEvidence(0.8, 0.9, 1, 3, 0.4, false);

    /** A model in which only agreement counts: all passes agreeing gives 0.95, one of three 0.41. */
    private static ConfidenceModel agreementModel() {
        Properties weights = new Properties();
        for (String field : List.of("store_name", "date", "total")) {
            weights.setProperty(field + ".intercept", "-2.0");
            weights.setProperty(field + ".agreement", "4.944");
        }
        return ConfidenceModel.parse(weights);
    }

    private static Extraction offline(RawFields fields, String ocrText, Map<String, FieldEvidence> evidence) {
        Extraction plain = Documents.fromOcr(fields, ocrText);
        return new Extraction(plain.document(), OfflineExtractor.NAME, fields, Map.of(), List.of(), Usage.offline(1),
                plain.ocrText(), Map.of(), evidence);
    }

    private static final String PAGE = "Corner Cafe\n1 Main St\n15/01/2019\nTOTAL 10.80\n";

    @Test
    void aRecordWhoseKeyFieldsAllReadersAgreeOnIsValid() {
        RecordValidator validator = new RecordValidator(ValidationSettings.defaults(), agreementModel());

        ValidatedDocument validated = validator.validate(offline(receipt("15/01/2019", null, null, "10.80", List.of()), PAGE,
                Map.of("store_name", AGREED, "date", AGREED, "total", AGREED)));

        assertThat(validated.confidence()).containsOnlyKeys("store_name", "date", "total");
        assertThat(validated.confidence().get("total")).isBetween(0.94, 0.96);
        assertThat(validated.reasons()).isEmpty();
        assertThat(validated.status()).isEqualTo(RecordStatus.VALID);
    }

    @Test
    void aKeyFieldBelowTheThresholdSendsTheRecordToReviewNamingIt() {
        RecordValidator validator = new RecordValidator(ValidationSettings.defaults(), agreementModel());

        ValidatedDocument validated = validator.validate(offline(receipt("15/01/2019", null, null, "10.80", List.of()), PAGE,
                Map.of("store_name", AGREED, "date", AGREED, "total", ONE_OF_THREE)));

        assertThat(validated.status()).isEqualTo(RecordStatus.NEEDS_REVIEW);
        assertThat(validated.reasons()).extracting(ReviewReason::rule).containsExactly("total_unsure");
        assertThat(validated.reasons().get(0).message()).contains("10.80").contains("0.41")
                .contains("ledgerlens.validation.min-confidence");
    }

    @Test
    void theThresholdIsTheConfiguredOne() {
        Map<String, FieldEvidence> evidence = Map.of("store_name", AGREED, "date", AGREED, "total", AGREED);
        RawFields fields = receipt("15/01/2019", null, null, "10.80", List.of());

        ValidatedDocument strict = new RecordValidator(ValidationSettings.defaults().withMinConfidence(0.99), agreementModel())
                .validate(offline(fields, PAGE, evidence));
        ValidatedDocument off = new RecordValidator(ValidationSettings.defaults().withMinConfidence(0), agreementModel())
                .validate(offline(fields, PAGE, Map.of("store_name", ONE_OF_THREE, "date", ONE_OF_THREE, "total", ONE_OF_THREE)));

        assertThat(strict.reasons()).extracting(ReviewReason::rule)
                .containsExactlyInAnyOrder("store_name_unsure", "date_unsure", "total_unsure");
        assertThat(off.status()).isEqualTo(RecordStatus.VALID);
    }

    @Test
    void aDateAnotherReadingReadAsADifferentDayIsNoSurerThanItsShareOfTheVotes() {
        // a model sure of any date: only the contest can lower it
        Properties weights = new Properties();
        weights.setProperty("date.intercept", "5.0");
        RecordValidator validator = new RecordValidator(ValidationSettings.defaults(), ConfidenceModel.parse(weights));
        RawFields fields = receipt("15/01/2019", null, null, "10.80", List.of());
        // two of three passes read 15/01/2019, the third another day: its votes are a third of all cast
        FieldEvidence contested = new FieldEvidence(0.95, 0.97, 2, 3, 0.67, false);
        // two of three read it, the third read no date at all: nothing contests it
        FieldEvidence uncontested = new FieldEvidence(0.95, 0.97, 2, 3, 1.0, false);

        ValidatedDocument disputed = validator.validate(offline(fields, PAGE, Map.of("date", contested)));
        ValidatedDocument agreed = validator.validate(offline(fields, PAGE, Map.of("date", uncontested)));

        assertThat(disputed.confidence().get("date")).isEqualTo(0.67);
        assertThat(disputed.status()).isEqualTo(RecordStatus.NEEDS_REVIEW);
        assertThat(disputed.reasons()).extracting(ReviewReason::rule).containsExactly("date_unsure");
        assertThat(disputed.reasons().get(0).message()).contains("2019-01-15").contains("2 of 3 readings").contains("check its digits");
        assertThat(agreed.confidence().get("date")).isGreaterThan(0.99);
        assertThat(agreed.status()).isEqualTo(RecordStatus.VALID);
    }

    @Test
    void anEngineWithoutEvidenceIsNotJudgedByConfidence() {
        RecordValidator validator = new RecordValidator(ValidationSettings.defaults(), agreementModel());

        ValidatedDocument validated = validator.validate(Documents.fromOcr(receipt("15/01/2019", null, null, "10.80", List.of()), PAGE));

        assertThat(validated.confidence()).isEmpty();
        assertThat(validated.status()).isEqualTo(RecordStatus.VALID);
    }

    @Test
    void aDocumentReadFromItsTextLayerIsNotJudgedByAModelFittedOnScans() {
        RawFields fields = receipt("15/01/2019", null, null, "10.80", List.of());
        Extraction pdf = Documents.fromPdf(fields, PAGE);
        Extraction withEvidence = new Extraction(pdf.document(), OfflineExtractor.NAME, fields, Map.of(), List.of(),
                Usage.offline(1), Map.of(), Map.of(), Map.of("store_name", ONE_OF_THREE, "date", ONE_OF_THREE, "total", ONE_OF_THREE));

        ValidatedDocument validated = new RecordValidator(ValidationSettings.defaults(), agreementModel()).validate(withEvidence);

        assertThat(validated.confidence()).isEmpty();
        assertThat(validated.status()).isEqualTo(RecordStatus.VALID);
    }

    @Test
    void theShippedModelScoresTheKeyFieldsAndRanksAgreementAboveDisagreement() {
        ConfidenceModel shipped = ConfidenceModel.offline();
        RecordValidator validator = new RecordValidator(ValidationSettings.defaults(), shipped);
        RawFields fields = receipt("15/01/2019", null, null, "10.80", List.of());

        Map<String, Double> sure = validator.validate(offline(fields, PAGE,
                Map.of("store_name", AGREED, "date", AGREED, "total", AGREED))).confidence();
        Map<String, Double> unsure = validator.validate(offline(fields, PAGE,
                Map.of("store_name", ONE_OF_THREE, "date", ONE_OF_THREE, "total", ONE_OF_THREE))).confidence();

        for (String field : RecordValidator.KEY_FIELDS) {
            assertThat(shipped.knows(field)).as(field).isTrue();
            assertThat(sure.get(field)).as(field).isGreaterThan(unsure.get(field));
        }
    }

    @Test
    void groundingReadsEveryOcrPassNotOnlyTheFirst() {
        String twoPasses = "Corner Cafe\n15/01/2019\nTOTAL 1O.8O\n" + OfflineExtractor.READINGS_SEPARATOR
                + "Corner Cafe\n15/01/2019\nTOTAL 10.80\n";
        RawFields fields = receipt("15/01/2019", null, null, "10.80", List.of());
        RecordValidator validator = new RecordValidator(ValidationSettings.defaults(), agreementModel());

        ValidatedDocument validated = validator.validate(offline(fields, twoPasses,
                Map.of("store_name", AGREED, "date", AGREED, "total", AGREED)));

        assertThat(validated.grounding().get("total").grounded()).isTrue();
        assertThat(validated.reasons()).extracting(ReviewReason::rule).doesNotContain("total_grounded");
        ConfidenceScorer scorer = new ConfidenceScorer(new Grounder(new AmountParser(new CurrencyParser(null)), new DateParser()),
                agreementModel());
        Map<String, Map<String, Double>> signals = scorer.features(offline(fields, twoPasses, Map.of("total", AGREED)),
                validated.record(), DateBasis.PRINTED, PageText.of(offline(fields, twoPasses, Map.of())), List.of());
        assertThat(signals.get("total")).as("one of the two readings prints the total").containsEntry("grounded", 0.5);
    }

    @Test
    void misreadItemsWithATotalThatClosesAreANoteNotAReview() {
        // the items add up to 8.00 where the subtotal says 9.00, but 9.00 + 1.80 tax gives the total 10.80
        RawFields fields = receipt("15/01/2019", "9.00", "1.80", "10.80",
                List.of(item("Paper", null, null, "4.50"), item("Pens", null, null, "3.50")));
        String page = "Corner Cafe\n15/01/2019\nPaper 4.50\nPens 3.50\nSUBTOTAL 9.00\nTAX 1.80\nTOTAL 10.80\n";

        ValidatedDocument validated = new RecordValidator(ValidationSettings.defaults(), agreementModel())
                .validate(Documents.fromOcr(fields, page));

        assertThat(validated.reasons()).extracting(ReviewReason::rule).containsExactly(ReviewReason.ITEMS_UNSURE);
        assertThat(validated.status()).isEqualTo(RecordStatus.VALID);
    }

    @Test
    void misreadItemsWithATotalThatDoesNotCloseStillNeedReview() {
        // no tax: a subtotal equal to the total is one number printed twice and proves nothing
        RawFields fields = receipt("15/01/2019", "10.80", null, "10.80",
                List.of(item("Paper", null, null, "4.50"), item("Pens", null, null, "3.50")));
        String page = "Corner Cafe\n15/01/2019\nPaper 4.50\nPens 3.50\nSUBTOTAL 10.80\nTOTAL 10.80\n";

        ValidatedDocument validated = new RecordValidator(ValidationSettings.defaults(), agreementModel())
                .validate(Documents.fromOcr(fields, page));

        assertThat(validated.reasons()).extracting(ReviewReason::rule).contains(Reconciler.ITEMS_SUM_TO_SUBTOTAL)
                .doesNotContain(ReviewReason.ITEMS_UNSURE);
        assertThat(validated.status()).isEqualTo(RecordStatus.NEEDS_REVIEW);
    }

    @Test
    void theEnginesOwnClosingEvidenceDecidesForItsRecords() {
        // the engine saw the amount paid (tendered less the change) give the total: the items were misread
        RawFields fields = receipt("15/01/2019", "10.80", null, "10.80",
                List.of(item("Paper", null, null, "4.50"), item("Pens", null, null, "3.50")));
        String page = "Corner Cafe\n15/01/2019\nPaper 4.50\nPens 3.50\nTOTAL 10.80\nCASH 20.00\nCHANGE 9.20\n";
        FieldEvidence closes = new FieldEvidence(0.95, 0.97, 3, 3, 1.0, true);

        ValidatedDocument validated = new RecordValidator(ValidationSettings.defaults(), agreementModel())
                .validate(offline(fields, page, Map.of("store_name", AGREED, "date", AGREED, "total", closes)));

        assertThat(validated.reasons()).extracting(ReviewReason::rule).containsExactly(ReviewReason.ITEMS_UNSURE);
        assertThat(validated.reasons().get(0).message()).contains("closes against the amount paid");
        assertThat(validated.status()).isEqualTo(RecordStatus.VALID);
    }
}
