package dev.ledgerlens.validate;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** A reviewer's edits: read strictly, applied in order, replayed exactly; and the checks that follow them. */
class RecordEditorTest {
    private final RecordEditor editor = new RecordEditor();

    /** The diner receipt as a model misread it: 59.56 for a printed 49.56. */
    private static DocumentRecord misreadDiner() {
        return new DocumentRecord("receipt", "Sunrise Diner", null, LocalDate.of(2026, 3, 2), null,
                List.of(new DocumentRecord.LineItem("Pancakes", new BigDecimal("2"), new BigDecimal("8.50"), new BigDecimal("17.00")),
                        new DocumentRecord.LineItem("Coffee", new BigDecimal("2"), new BigDecimal("3.00"), new BigDecimal("6.00")),
                        new DocumentRecord.LineItem("Omelette", new BigDecimal("1"), new BigDecimal("22.00"), new BigDecimal("22.00"))),
                new BigDecimal("45.00"), new BigDecimal("4.56"), null, null, new BigDecimal("59.56"), "USD", null, null, null,
                null, null, null, List.of());
    }

    @Test
    void aTypedTotalIsReadAsADecimalAndRecordedWithTheValueBefore() {
        RecordEditor.Outcome outcome = editor.edit(misreadDiner(), List.of(new FieldEdit("total", " 49,56 ")));

        assertThat(outcome.violations()).isEmpty();
        assertThat(outcome.record().total()).isEqualByComparingTo("49.56");
        assertThat(outcome.changes()).containsExactly(new RecordEditor.Change("total", "59.56", "49.56"));
    }

    @Test
    void theSameValueTypedAgainIsNoChange() {
        RecordEditor.Outcome outcome = editor.edit(misreadDiner(), List.of(new FieldEdit("total", "59.560"),
                new FieldEdit("store_name", "Sunrise  Diner"), new FieldEdit("tip", "")));

        assertThat(outcome.changes()).isEmpty();
        assertThat(outcome.violations()).isEmpty();
    }

    @Test
    void unreadableValuesAndUnknownFieldsAreViolationsAndChangeNothing() {
        RecordEditor.Outcome outcome = editor.edit(misreadDiner(), List.of(new FieldEdit("total", "fifty"),
                new FieldEdit("date", "02/03/2026"), new FieldEdit("totl", "1"), new FieldEdit("currency", "dollars"),
                new FieldEdit("items[7].price", "1.00")));

        assertThat(outcome.violations()).extracting(violation -> violation.field())
                .containsExactly("total", "date", "totl", "currency", "items[7].price");
        assertThat(outcome.violations().get(1).message()).contains("YYYY-MM-DD");
        assertThat(outcome.record()).isEqualTo(misreadDiner());
    }

    @Test
    void linesAreEditedAddedAndRemovedAtThePositionsShownAndReplayExactly() {
        DocumentRecord original = misreadDiner();
        RecordEditor.Outcome outcome = editor.edit(original, List.of(
                new FieldEdit("items[1].price", "6.50"),
                new FieldEdit("items[3].name", "Orange juice"),
                new FieldEdit("items[3].price", "4.00"),
                new FieldEdit("items[0]", null)));

        assertThat(outcome.violations()).isEmpty();
        assertThat(outcome.record().items()).extracting(DocumentRecord.LineItem::name)
                .containsExactly("Coffee", "Omelette", "Orange juice");
        assertThat(outcome.record().items().get(0).price()).isEqualByComparingTo("6.50");
        assertThat(outcome.changes().get(3).path()).isEqualTo("items[0]");
        assertThat(outcome.changes().get(3).oldValue()).isEqualTo(
                "{\"name\":\"Pancakes\",\"qty\":\"2\",\"unit_price\":\"8.50\",\"price\":\"17.00\"}");
        assertThat(outcome.changes().get(3).newValue()).isNull();

        assertThat(editor.apply(original, outcome.changes())).isEqualTo(outcome.record());
    }

    @Test
    void aCorrectedTotalThatAddsUpPassesAndIsNotHeldAgainstThePageText() {
        RecordValidator validator = new RecordValidator(ValidationSettings.defaults());
        DocumentRecord corrected = editor.edit(misreadDiner(), List.of(new FieldEdit("total", "49.56"))).record();
        List<PageText> pages = List.of(new PageText(1, "SUNRISE DINER\n02/03/2026\nPancakes 2 x 8.50 17.00\n"
                + "Coffee 2 x 3.00 6.00\nOmelette 22.00\nSubtotal 45.00\nTax 4.56\nTotal 49.56"));

        Revalidation checked = validator.revalidate(corrected, pages, List.of(), Set.of("total"));

        assertThat(checked.violations()).isEmpty();
        assertThat(checked.reasons()).isEmpty();
        assertThat(checked.status()).isEqualTo(RecordStatus.VALID);
        assertThat(checked.grounding().get("total").grounded()).isTrue();
    }

    @Test
    void aCorrectionThatStillDoesNotAddUpKeepsTheRecordInReviewWithTheNewNumbers() {
        RecordValidator validator = new RecordValidator(ValidationSettings.defaults());
        DocumentRecord corrected = editor.edit(misreadDiner(), List.of(new FieldEdit("total", "48.00"))).record();
        List<ReviewReason> earlier = List.of(new ReviewReason("date_ambiguous", "02/03/2026 could be either"),
                new ReviewReason("total_grounded", "total 59.56 does not appear in the page text"));

        Revalidation checked = validator.revalidate(corrected, List.of(new PageText(1, "Total 49.56")), earlier, Set.of("total"));

        assertThat(checked.status()).isEqualTo(RecordStatus.NEEDS_REVIEW);
        assertThat(checked.reasons()).extracting(ReviewReason::rule)
                .contains("date_ambiguous", "total_equals_parts").doesNotContain("total_grounded");
        assertThat(checked.reasons()).anySatisfy(reason -> assertThat(reason.message()).contains("48.00"));
    }

    @Test
    void correctingAnUnsureKeyFieldClearsItsReasonAndOnlyItsReason() {
        RecordValidator validator = new RecordValidator(ValidationSettings.defaults());
        DocumentRecord corrected = editor.edit(misreadDiner(), List.of(new FieldEdit("total", "49.56"))).record();
        List<ReviewReason> earlier = List.of(new ReviewReason("total_unsure", "total 59.56 has a confidence of 0.41"),
                new ReviewReason("store_name_unsure", "store_name has a confidence of 0.60"));

        Revalidation checked = validator.revalidate(corrected, List.of(new PageText(1, "Total 49.56")), earlier, Set.of("total"));

        assertThat(checked.reasons()).extracting(ReviewReason::rule).contains("store_name_unsure").doesNotContain("total_unsure");
        assertThat(checked.status()).isEqualTo(RecordStatus.NEEDS_REVIEW);
    }

    @Test
    void clearingTheTotalBreaksAHardConstraint() {
        RecordValidator validator = new RecordValidator(ValidationSettings.defaults());
        DocumentRecord corrected = editor.edit(misreadDiner(), List.of(new FieldEdit("total", ""))).record();

        Revalidation checked = validator.revalidate(corrected, List.of(), List.of(), Set.of("total"));

        assertThat(checked.violations()).extracting(violation -> violation.field()).containsExactly("total");
    }
}
