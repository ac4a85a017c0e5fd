package dev.ledgerlens.store;

import dev.ledgerlens.failure.FailureReason;
import dev.ledgerlens.failure.LedgerlensException;
import dev.ledgerlens.failure.Stage;
import dev.ledgerlens.ingest.DocumentClaims;
import dev.ledgerlens.testing.CommitAnswerCutter;
import dev.ledgerlens.testing.TestDatabase;
import dev.ledgerlens.validate.RecordStatus;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;

import static dev.ledgerlens.store.StoreFixtures.dated;
import static dev.ledgerlens.store.StoreFixtures.document;
import static dev.ledgerlens.store.StoreFixtures.extractionsOf;
import static dev.ledgerlens.store.StoreFixtures.validated;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Claims, stored records, the read model and review decisions against the real schema. */
class RecordRepositoryTest {
    private ClaimRepository claims;
    private RecordRepository records;
    private StoredRecords stored;
    private ReviewRepository reviews;
    private DeadLetterRepository deadLetters;

    @BeforeEach
    void setUp() {
        TestDatabase.truncate();
        claims = new ClaimRepository(TestDatabase.get().dataSource());
        records = new RecordRepository(TestDatabase.get().dataSource());
        stored = new StoredRecords(TestDatabase.get().dataSource());
        reviews = new ReviewRepository(TestDatabase.get().dataSource());
        deadLetters = new DeadLetterRepository(TestDatabase.get().dataSource());
    }

    @Test
    void theSameBytesAreClaimedOnceAndAnUnfinishedDocumentIsResumed() {
        DocumentClaims.Claim first = claims.claim(document("a"));
        DocumentClaims.Claim again = claims.claim(document("a"));

        assertThat(first.proceed()).isTrue();
        // still 'processing': a crashed run left it unfinished, so the next run takes it up
        assertThat(again.proceed()).isTrue();
        assertThat(again.documentId()).isEqualTo(first.documentId());

        deadLetters.add(new DeadLetterRepository.Entry(first.documentId(), null, "file:/in/a.pdf", "a.pdf", Stage.RENDER,
                1, new LedgerlensException(FailureReason.CORRUPT_DOCUMENT, "damaged")));
        DocumentClaims.Claim afterDeadLetter = claims.claim(document("a"));
        assertThat(afterDeadLetter.proceed()).isFalse();
        assertThat(afterDeadLetter.existingStatus()).isEqualTo("dead_lettered");
        assertThat(stored.countByStatus()).containsEntry("dead_lettered", 1L).containsEntry("valid", 0L);
    }

    @Test
    void copiesStoredAtTheSameMomentHaveExactlyOneOriginal() throws Exception {
        int copies = 6;
        List<Long> ids = new java.util.ArrayList<>();
        for (int i = 0; i < copies; i++) {
            ids.add(claims.claim(document(Integer.toHexString(10 + i))).documentId());
        }
        java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(copies);
        java.util.concurrent.ExecutorService workers = java.util.concurrent.Executors.newFixedThreadPool(copies);
        try {
            List<java.util.concurrent.Future<RecordRepository.StoreResult>> results = new java.util.ArrayList<>();
            for (long id : ids) {
                results.add(workers.submit(() -> {
                    start.await();
                    return records.store(id, validated(id));
                }));
            }
            List<RecordRepository.StoreResult> outcomes = new java.util.ArrayList<>();
            for (var result : results) {
                outcomes.add(result.get());
            }
            List<RecordRepository.StoreResult> originals = outcomes.stream()
                    .filter(r -> r.status() == RecordStatus.VALID).toList();
            assertThat(originals).hasSize(1);
            long originalId = ids.get(outcomes.indexOf(originals.get(0)));
            assertThat(outcomes).filteredOn(r -> r.status() == RecordStatus.DUPLICATE).hasSize(copies - 1)
                    .allSatisfy(r -> assertThat(r.duplicateOf()).isEqualTo(originalId));
        } finally {
            workers.shutdownNow();
        }
        assertThat(stored.countByStatus()).containsEntry("valid", 1L).containsEntry("duplicate", (long) copies - 1);
    }

    @Test
    void aStoreWhoseCommitWasNotConfirmedIsNotStoredAgainWhenRedelivered() throws Exception {
        long id = claims.claim(document("d1")).documentId();
        try (CommitAnswerCutter cutter = new CommitAnswerCutter(TestDatabase.get().dataSource(),
                TestDatabase.password())) {
            RecordRepository throughCutter = new RecordRepository(cutter.dataSource());
            cutter.arm();
            // the server commits, the answer never arrives: a transient failure, which Camel redelivers
            assertThatThrownBy(() -> throughCutter.store(id, validated(id)))
                    .isInstanceOfSatisfying(LedgerlensException.class, e -> {
                        assertThat(e.reason()).isEqualTo(FailureReason.DATABASE_UNAVAILABLE);
                        assertThat(e.isTransient()).isTrue();
                    });
            assertThat(cutter.cut()).isTrue();
        }
        assertThat(extractionsOf(id)).as("the commit did happen").hasSize(1);

        RecordRepository.StoreResult redelivered = records.store(id, validated(id));

        assertThat(extractionsOf(id)).as("stored once").hasSize(1);
        assertThat(redelivered.extractionId()).isEqualTo(extractionsOf(id).get(0));
        assertThat(redelivered.status()).isEqualTo(RecordStatus.VALID);
        assertThat(stored.countByStatus()).containsEntry("valid", 1L).containsEntry("processing", 0L);
    }

    @Test
    void aNulInTheEnginesRawAnswerIsDroppedNotAFailure() {
        long id = claims.claim(document("e1")).documentId();
        dev.ledgerlens.validate.ValidatedDocument base = validated(id);
        dev.ledgerlens.extract.Extraction raw = new dev.ledgerlens.extract.Extraction(base.extraction().document(), "openai-chat",
                new dev.ledgerlens.extract.RawFields("receipt", "Corner\u0000Bakery", null, "2026-03-02", null, List.of(), null,
                        null, null, null, "3.20", "GBP", null, null, null, null, null, null, List.of()),
                java.util.Map.of(), List.of(), base.extraction().usage(), java.util.Map.of());

        RecordRepository.StoreResult result = records.store(id, new dev.ledgerlens.validate.ValidatedDocument(raw,
                base.record(), base.status(), base.reasons(), base.grounding()));

        assertThat(result.status()).isEqualTo(RecordStatus.VALID);
        assertThat(new dev.ledgerlens.testing.Rows(TestDatabase.get().dataSource())
                .list("select raw_fields->>'store_name' as name from extractions where id = ?", result.extractionId()))
                .singleElement().satisfies(row -> assertThat(row.get("name")).isEqualTo("CornerBakery"));
    }

    @Test
    void copiesWhoseVendorDiffersOnlyByUnicodeSpacesHaveOneOriginal() throws Exception {
        // the lock key and the query must fold spaces alike: a no-break space or a thin space is still a space
        List<String> spellings = List.of("Corner Bakery Ltd", "Corner\u00A0Bakery Ltd", "Corner\u2009Bakery\u202FLtd",
                "CORNER  BAKERY LTD");
        List<Long> ids = new java.util.ArrayList<>();
        for (int i = 0; i < spellings.size(); i++) {
            ids.add(claims.claim(document(Integer.toHexString(40 + i))).documentId());
        }
        java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(spellings.size());
        java.util.concurrent.ExecutorService workers = java.util.concurrent.Executors.newFixedThreadPool(spellings.size());
        try {
            List<java.util.concurrent.Future<RecordRepository.StoreResult>> results = new java.util.ArrayList<>();
            for (int i = 0; i < spellings.size(); i++) {
                long id = ids.get(i);
                String vendor = spellings.get(i);
                results.add(workers.submit(() -> {
                    start.await();
                    return records.store(id, named(validated(id), vendor));
                }));
            }
            long originals = 0;
            for (var result : results) {
                originals += result.get().status() == RecordStatus.VALID ? 1 : 0;
            }
            assertThat(originals).as("one original among " + spellings).isEqualTo(1);
        } finally {
            workers.shutdownNow();
        }
        assertThat(stored.countByStatus()).containsEntry("valid", 1L).containsEntry("duplicate", (long) spellings.size() - 1);
    }

    @Test
    void aCreditNoteIsNotADuplicateOfTheInvoiceItCredits() {
        long invoice = claims.claim(document("f1")).documentId();
        long credit = claims.claim(document("f2")).documentId();
        records.store(invoice, validated(invoice));
        dev.ledgerlens.validate.ValidatedDocument base = validated(credit);
        dev.ledgerlens.validate.DocumentRecord record = base.record();
        dev.ledgerlens.validate.DocumentRecord creditNote = new dev.ledgerlens.validate.DocumentRecord("credit_note",
                record.storeName(), record.storeAddress(), record.date(), record.time(), record.items(), record.subtotal(),
                record.tax(), record.tip(), record.discount(), record.total(), record.currency(), record.paymentMethod(),
                record.invoiceNumber(), record.dueDate(), record.vendorTaxId(), record.billTo(), record.poNumber(),
                record.taxLines());

        RecordRepository.StoreResult result = records.store(credit, new dev.ledgerlens.validate.ValidatedDocument(
                base.extraction(), creditNote, base.status(), base.reasons(), base.grounding()));

        assertThat(result.status()).isEqualTo(RecordStatus.VALID);
        assertThat(result.duplicateOf()).isNull();
    }

    private static dev.ledgerlens.validate.ValidatedDocument named(dev.ledgerlens.validate.ValidatedDocument base, String vendor) {
        dev.ledgerlens.validate.DocumentRecord record = base.record();
        dev.ledgerlens.validate.DocumentRecord renamed = new dev.ledgerlens.validate.DocumentRecord(record.documentType(),
                vendor, record.storeAddress(), record.date(), record.time(), record.items(), record.subtotal(), record.tax(),
                record.tip(), record.discount(), record.total(), record.currency(), record.paymentMethod(),
                record.invoiceNumber(), record.dueDate(), record.vendorTaxId(), record.billTo(), record.poNumber(),
                record.taxLines());
        return new dev.ledgerlens.validate.ValidatedDocument(base.extraction(), renamed, base.status(), base.reasons(),
                base.grounding());
    }

    @Test
    void exportsSelectByStatusAndByTheDocumentsOwnDate() {
        long march = claims.claim(document("c1")).documentId();
        records.store(march, validated(march));
        long april = claims.claim(document("c2")).documentId();
        records.store(april, dated(april, LocalDate.of(2026, 4, 15), "99.00"));
        List<RecordStatus> all = List.of(RecordStatus.values());

        assertThat(stored.find(new StoredRecords.Query(all, LocalDate.of(2026, 4, 1), null)))
                .extracting(StoredDocument::id).containsExactly(april);
        assertThat(stored.find(new StoredRecords.Query(all, null, LocalDate.of(2026, 3, 31))))
                .extracting(StoredDocument::id).containsExactly(march);
        assertThat(stored.find(new StoredRecords.Query(all, LocalDate.of(2026, 3, 2), LocalDate.of(2026, 4, 15))))
                .extracting(StoredDocument::id).containsExactly(march, april);

        assertThat(reviews.setReviewStatus(april, RecordStatus.REJECTED)).isTrue();
        assertThat(stored.find(new StoredRecords.Query(List.of(RecordStatus.VALID, RecordStatus.APPROVED), null, null)))
                .extracting(StoredDocument::id).containsExactly(march);
        assertThat(reviews.setReviewStatus(987654, RecordStatus.APPROVED)).as("no such record").isFalse();
    }
}
