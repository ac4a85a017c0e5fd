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
                System.getenv("LEDGERLENS_TEST_DB_PASSWORD"))) {
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
