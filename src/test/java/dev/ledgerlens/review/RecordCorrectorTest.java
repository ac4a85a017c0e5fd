package dev.ledgerlens.review;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ledgerlens.export.CsvExporter;
import dev.ledgerlens.export.JsonlExporter;
import dev.ledgerlens.extract.Extraction;
import dev.ledgerlens.extract.RawFields;
import dev.ledgerlens.extract.Usage;
import dev.ledgerlens.ingest.SourceDocument;
import dev.ledgerlens.render.DocumentType;
import dev.ledgerlens.render.RenderedDocument;
import dev.ledgerlens.render.RenderedPage;
import dev.ledgerlens.render.TextLayer;
import dev.ledgerlens.render.Word;
import dev.ledgerlens.store.ClaimRepository;
import dev.ledgerlens.store.RecordRepository;
import dev.ledgerlens.store.ReviewRepository;
import dev.ledgerlens.store.StoredDocument;
import dev.ledgerlens.store.StoredRecords;
import dev.ledgerlens.testing.Rows;
import dev.ledgerlens.testing.TestDatabase;
import dev.ledgerlens.validate.FieldEdit;
import dev.ledgerlens.validate.RecordStatus;
import dev.ledgerlens.validate.RecordValidator;
import dev.ledgerlens.validate.ReviewReason;
import dev.ledgerlens.validate.ValidationSettings;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Corrections against the real schema: they are rows of their own, the extraction stays as the engine wrote it, the
 * status follows the checks, and the read model, {@code review show} and every export use the corrected values.
 */
class RecordCorrectorTest {
    private static final String PAGE = "SUNRISE DINER\n2026-03-02\nPancakes 2 x 8.50 17.00\nCoffee 2 x 3.00 6.00\n"
            + "Omelette 22.00\nSubtotal 45.00\nTax 4.56\nTotal 49.56";

    @TempDir
    Path folder;

    private StoredRecords records;
    private RecordCorrector corrector;
    private Rows rows;
    private long id;

    @BeforeEach
    void storeAMisreadReceipt() {
        TestDatabase.truncate();
        var dataSource = TestDatabase.get().dataSource();
        records = new StoredRecords(dataSource);
        rows = new Rows(dataSource);
        RecordValidator validator = new RecordValidator(ValidationSettings.defaults());
        corrector = new RecordCorrector(records, new ReviewRepository(dataSource), validator);

        SourceDocument source = new SourceDocument("d".repeat(64), "file:/in/diner.pdf", "diner.pdf", 10, Path.of("diner.pdf"));
        id = new ClaimRepository(dataSource).claim(source).documentId();
        List<Word> words = List.of(new Word("Total", 40, 700, 60, 20, 100), new Word("49.56", 300, 700, 70, 20, 100));
        RenderedPage page = new RenderedPage(1, Path.of("page-0001.png"), "image/png", 600, 800,
                new TextLayer(PAGE, words, TextLayer.Origin.PDF_TEXT));
        RawFields fields = new RawFields("receipt", "Sunrise Diner", null, "2026-03-02", null,
                List.of(new RawFields.Item("Pancakes", "2", "8.50", "17.00"), new RawFields.Item("Coffee", "2", "3.00", "6.00"),
                        new RawFields.Item("Omelette", "1", "22.00", "22.00")),
                "45.00", "4.56", null, null, "59.56", "USD", null, null, null, null, null, null, List.of());
        Extraction extraction = new Extraction(new RenderedDocument(source, DocumentType.PDF, 1, List.of(page)), "test",
                fields, Map.of(), List.of(), Usage.offline(1), Map.of());
        new RecordRepository(dataSource).store(id, validator.validate(extraction));
    }

    @Test
    void theMisreadTotalIsStoredForReview() {
        StoredDocument stored = records.find(id).orElseThrow();
        assertThat(stored.status()).isEqualTo(RecordStatus.NEEDS_REVIEW);
        assertThat(stored.reasons()).extracting(ReviewReason::rule).contains("total_equals_parts", "total_grounded");
        assertThat(records.needingReview("total_equals_parts")).extracting(StoredDocument::id).containsExactly(id);
        assertThat(records.needingReview("items_sum_to_subtotal")).isEmpty();
        assertThat(records.pages(id).get(0).words()).extracting(Word::text).containsExactly("Total", "49.56");
    }

    @Test
    void aCorrectedTotalIsARowOfItsOwnTheExtractionStaysAndTheRecordPassesItsChecks() throws IOException {
        RecordCorrector.Result result = corrector.correct(id, List.of(new FieldEdit("total", "49.56")), "ana", 0L, false);

        assertThat(result.outcome()).isEqualTo(RecordCorrector.Outcome.SAVED);
        assertThat(result.status()).isEqualTo(RecordStatus.VALID);
        assertThat(result.reasons()).isEmpty();
        assertThat(rows.one("select total from extractions where document_id = ?", id).get("total"))
                .as("the engine's reading is kept").isEqualTo(new BigDecimal("59.56"));
        assertThat(rows.one("select field_path, old_value, new_value, reviewer from corrections where document_id = ?", id))
                .containsEntry("field_path", "total").containsEntry("old_value", "59.56")
                .containsEntry("new_value", "49.56").containsEntry("reviewer", "ana");
        assertThat(rows.one("select status, reviewed_by, review_reasons::text as reasons from documents where id = ?", id))
                .containsEntry("status", "valid").containsEntry("reviewed_by", "ana").containsEntry("reasons", "[]");

        List<StoredDocument> exported = records.find(new StoredRecords.Query(List.of(RecordStatus.VALID), null, null));
        assertThat(exported).singleElement().satisfies(document -> {
            assertThat(document.record().total()).isEqualByComparingTo("49.56");
            assertThat(document.original().total()).isEqualByComparingTo("59.56");
        });
        Path jsonl = folder.resolve("out.jsonl");
        new JsonlExporter().export(exported, jsonl);
        JsonNode line = new ObjectMapper().readTree(Files.readString(jsonl, StandardCharsets.UTF_8));
        assertThat(line.at("/fields/total").asText()).isEqualTo("49.56");
        assertThat(line.at("/original_fields/total").asText()).isEqualTo("59.56");
        assertThat(line.at("/corrections/0/field").asText()).isEqualTo("total");
        assertThat(line.at("/corrections/0/original").asText()).isEqualTo("59.56");
        assertThat(line.at("/corrections/0/corrected").asText()).isEqualTo("49.56");
        assertThat(line.at("/corrections/0/reviewer").asText()).isEqualTo("ana");
        Path csv = folder.resolve("out.csv");
        new CsvExporter().export(exported, csv);
        assertThat(Files.readString(csv, StandardCharsets.UTF_8)).contains("49.56").doesNotContain("59.56");
    }

    @Test
    void aCorrectionThatStillFailsLeavesTheRecordInReviewWithTheNewReasons() {
        RecordCorrector.Result result = corrector.correct(id, List.of(new FieldEdit("total", "48.00")), "ana", null, false);

        assertThat(result.outcome()).isEqualTo(RecordCorrector.Outcome.SAVED);
        assertThat(result.status()).isEqualTo(RecordStatus.NEEDS_REVIEW);
        assertThat(result.reasons()).extracting(ReviewReason::rule).containsExactly("total_equals_parts");
        assertThat(records.find(id).orElseThrow().reasons()).singleElement()
                .satisfies(reason -> assertThat(reason.message()).contains("48.00"));
    }

    @Test
    void anUnreadableValueOrAMissingTotalIsRefusedAndNothingIsStored() {
        RecordCorrector.Result unreadable = corrector.correct(id, List.of(new FieldEdit("store_name", "Diner"),
                new FieldEdit("total", "49.56 USD")), "ana", null, false);
        RecordCorrector.Result cleared = corrector.correct(id, List.of(new FieldEdit("total", "")), "ana", null, false);

        assertThat(unreadable.outcome()).isEqualTo(RecordCorrector.Outcome.REFUSED);
        assertThat(unreadable.violations()).extracting(v -> v.field()).containsExactly("total");
        assertThat(cleared.outcome()).isEqualTo(RecordCorrector.Outcome.REFUSED);
        assertThat(rows.count("select count(*) from corrections")).isZero();
        assertThat(records.find(id).orElseThrow().record().storeName()).isEqualTo("Sunrise Diner");
    }

    @Test
    void anEditMadeOnAStaleViewIsNotStored() {
        corrector.correct(id, List.of(new FieldEdit("tax", "4.50")), "ana", 0L, false);

        RecordCorrector.Result late = corrector.correct(id, List.of(new FieldEdit("total", "49.56")), "ben", 0L, false);

        assertThat(late.outcome()).isEqualTo(RecordCorrector.Outcome.STALE);
        assertThat(rows.count("select count(*) from corrections")).isEqualTo(1);
    }

    @Test
    void saveAndApproveApprovesWhateverRemains() {
        RecordCorrector.Result result = corrector.correct(id, List.of(new FieldEdit("items[3].name", "Juice"),
                new FieldEdit("items[3].price", "4.00")), "ana", null, true);

        assertThat(result.status()).isEqualTo(RecordStatus.APPROVED);
        StoredDocument stored = records.find(id).orElseThrow();
        assertThat(stored.status()).isEqualTo(RecordStatus.APPROVED);
        assertThat(stored.record().items()).hasSize(4);
        assertThat(stored.original().items()).hasSize(3);
        assertThat(rows.count("select count(*) from line_items")).as("line items as the engine read them").isEqualTo(3);
    }
}
