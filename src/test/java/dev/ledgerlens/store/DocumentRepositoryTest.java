package dev.ledgerlens.store;

import dev.ledgerlens.failure.FailureReason;
import dev.ledgerlens.failure.LedgerlensException;
import dev.ledgerlens.failure.Stage;
import dev.ledgerlens.failure.Violation;
import dev.ledgerlens.ingest.SourceDocument;
import dev.ledgerlens.testing.CommitAnswerCutter;
import dev.ledgerlens.testing.Rows;
import dev.ledgerlens.testing.TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.ledgerlens.extract.Extraction;
import dev.ledgerlens.extract.RawFields;
import dev.ledgerlens.extract.Usage;
import dev.ledgerlens.render.DocumentType;
import dev.ledgerlens.render.RenderedDocument;
import dev.ledgerlens.validate.DocumentRecord;
import dev.ledgerlens.validate.RecordStatus;
import dev.ledgerlens.validate.ValidatedDocument;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DocumentRepositoryTest {
    private DocumentRepository documents;
    private DeadLetterRepository deadLetters;

    @BeforeEach
    void setUp() {
        TestDatabase.truncate();
        documents = new DocumentRepository(TestDatabase.get().dataSource());
        deadLetters = new DeadLetterRepository(TestDatabase.get().dataSource());
    }

    private static SourceDocument document(String sha) {
        return new SourceDocument(sha.repeat(64 / sha.length()), "file:/in/a.pdf", "a.pdf", 10, Path.of("a.pdf"));
    }

    @Test
    void theSameBytesAreClaimedOnceAndAnUnfinishedDocumentIsResumed() {
        DocumentRepository.Claim first = documents.claim(document("a"));
        DocumentRepository.Claim again = documents.claim(document("a"));

        assertThat(first.proceed()).isTrue();
        // still 'processing': a crashed run left it unfinished, so the next run takes it up
        assertThat(again.proceed()).isTrue();
        assertThat(again.documentId()).isEqualTo(first.documentId());

        documents.markDeadLettered(first.documentId());
        DocumentRepository.Claim afterDeadLetter = documents.claim(document("a"));
        assertThat(afterDeadLetter.proceed()).isFalse();
        assertThat(afterDeadLetter.existingStatus()).isEqualTo("dead_lettered");
        assertThat(documents.countByStatus()).containsEntry("dead_lettered", 1L).containsEntry("valid", 0L);
    }

    @Test
    void copiesStoredAtTheSameMomentHaveExactlyOneOriginal() throws Exception {
        int copies = 6;
        List<Long> ids = new java.util.ArrayList<>();
        for (int i = 0; i < copies; i++) {
            ids.add(documents.claim(document(Integer.toHexString(10 + i))).documentId());
        }
        java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(copies);
        java.util.concurrent.ExecutorService workers = java.util.concurrent.Executors.newFixedThreadPool(copies);
        try {
            List<java.util.concurrent.Future<DocumentRepository.StoreResult>> results = new java.util.ArrayList<>();
            for (long id : ids) {
                results.add(workers.submit(() -> {
                    start.await();
                    return documents.store(id, validated(id));
                }));
            }
            List<DocumentRepository.StoreResult> stored = new java.util.ArrayList<>();
            for (var result : results) {
                stored.add(result.get());
            }
            List<DocumentRepository.StoreResult> originals = stored.stream()
                    .filter(r -> r.status() == RecordStatus.VALID).toList();
            assertThat(originals).hasSize(1);
            long originalId = ids.get(stored.indexOf(originals.get(0)));
            assertThat(stored).filteredOn(r -> r.status() == RecordStatus.DUPLICATE).hasSize(copies - 1)
                    .allSatisfy(r -> assertThat(r.duplicateOf()).isEqualTo(originalId));
        } finally {
            workers.shutdownNow();
        }
        assertThat(documents.countByStatus()).containsEntry("valid", 1L).containsEntry("duplicate", (long) copies - 1);
    }

    @Test
    void aStoreWhoseCommitWasNotConfirmedIsNotStoredAgainWhenRedelivered() throws Exception {
        long id = documents.claim(document("d1")).documentId();
        try (CommitAnswerCutter cutter = new CommitAnswerCutter(TestDatabase.get().dataSource(),
                System.getenv("LEDGERLENS_TEST_DB_PASSWORD"))) {
            DocumentRepository throughCutter = new DocumentRepository(cutter.dataSource());
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

        DocumentRepository.StoreResult redelivered = documents.store(id, validated(id));

        assertThat(extractionsOf(id)).as("stored once").hasSize(1);
        assertThat(redelivered.extractionId()).isEqualTo(extractionsOf(id).get(0));
        assertThat(redelivered.status()).isEqualTo(RecordStatus.VALID);
        assertThat(documents.countByStatus()).containsEntry("valid", 1L).containsEntry("processing", 0L);
    }

    @Test
    void aDeadLetterWhoseCommitWasNotConfirmedIsNotWrittenTwice() throws Exception {
        long id = documents.claim(document("d3")).documentId();
        DeadLetterRepository.Entry entry = new DeadLetterRepository.Entry(id, null, "file:/in/a.pdf", "a.pdf",
                Stage.EXTRACT, 4, new LedgerlensException(FailureReason.MODEL_UNAVAILABLE, "503 four times"));
        try (CommitAnswerCutter cutter = new CommitAnswerCutter(TestDatabase.get().dataSource(),
                System.getenv("LEDGERLENS_TEST_DB_PASSWORD"))) {
            cutter.arm();
            assertThatThrownBy(() -> new DeadLetterRepository(cutter.dataSource()).add(entry))
                    .isInstanceOfSatisfying(LedgerlensException.class, e -> assertThat(e.isTransient()).isTrue());
            assertThat(cutter.cut()).isTrue();
        }

        long redelivered = deadLetters.add(entry);

        assertThat(deadLetters.list(null)).singleElement().satisfies(letter -> {
            assertThat(letter.id()).isEqualTo(redelivered);
            assertThat(letter.documentId()).isEqualTo(id);
        });
        // after a replay that fails again, the document gets a new dead letter
        deadLetters.markReplayed(redelivered);
        documents.reopen(id);
        assertThat(deadLetters.add(entry)).isNotEqualTo(redelivered);
        assertThat(deadLetters.list(null)).hasSize(1);
    }

    @Test
    void aReplayReopensTheDocumentAndStoresANewExtraction() {
        long id = documents.claim(document("d2")).documentId();
        long first = documents.store(id, validated(id)).extractionId();

        documents.reopen(id);
        DocumentRepository.StoreResult replayed = documents.store(id, validated(id));

        assertThat(replayed.extractionId()).isNotEqualTo(first);
        assertThat(extractionsOf(id)).containsExactly(first, replayed.extractionId());
        assertThat(documents.find(new DocumentRepository.Query(List.of(RecordStatus.values()), null, null)))
                .singleElement().satisfies(stored -> assertThat(stored.id()).isEqualTo(id));
    }

    private static List<Long> extractionsOf(long documentId) {
        return new Rows(TestDatabase.get().dataSource())
                .list("select id from extractions where document_id = ? order by id", documentId).stream()
                .map(row -> ((Number) row.get("id")).longValue()).toList();
    }

    /** The same receipt as read from another copy of it. */
    private static ValidatedDocument validated(long id) {
        SourceDocument source = document(Long.toHexString(id));
        RenderedDocument rendered = new RenderedDocument(source, DocumentType.PDF, 1, List.of());
        DocumentRecord record = new DocumentRecord("receipt", "Corner  Bakery Ltd", null, LocalDate.of(2026, 3, 2), null,
                List.of(new DocumentRecord.LineItem("Loaf", BigDecimal.ONE, new BigDecimal("3.20"), new BigDecimal("3.20"))),
                null, null, null, null, new BigDecimal("3.20"), "GBP", null, null, null, null, null, null, List.of());
        Extraction extraction = new Extraction(rendered, "offline", RawFields.empty(), Map.of(), List.of(),
                Usage.offline(5), Map.of());
        return new ValidatedDocument(extraction, record, RecordStatus.VALID, List.of(), Map.of());
    }

    @Test
    void exportsSelectByStatusAndByTheDocumentsOwnDate() {
        long march = documents.claim(document("c1")).documentId();
        documents.store(march, validated(march));
        long april = documents.claim(document("c2")).documentId();
        documents.store(april, dated(april, LocalDate.of(2026, 4, 15), "99.00"));
        List<RecordStatus> all = List.of(RecordStatus.values());

        assertThat(documents.find(new DocumentRepository.Query(all, LocalDate.of(2026, 4, 1), null)))
                .extracting(StoredDocument::id).containsExactly(april);
        assertThat(documents.find(new DocumentRepository.Query(all, null, LocalDate.of(2026, 3, 31))))
                .extracting(StoredDocument::id).containsExactly(march);
        assertThat(documents.find(new DocumentRepository.Query(all, LocalDate.of(2026, 3, 2), LocalDate.of(2026, 4, 15))))
                .extracting(StoredDocument::id).containsExactly(march, april);

        assertThat(documents.setReviewStatus(april, RecordStatus.REJECTED)).isTrue();
        assertThat(documents.find(new DocumentRepository.Query(List.of(RecordStatus.VALID, RecordStatus.APPROVED), null, null)))
                .extracting(StoredDocument::id).containsExactly(march);
        assertThat(documents.setReviewStatus(987654, RecordStatus.APPROVED)).as("no such record").isFalse();
    }

    @Test
    void purgeDeletesOnlyDeadLettersOlderThanTheAgeGiven() throws Exception {
        long a = documents.claim(document("d")).documentId();
        long b = documents.claim(document("e")).documentId();
        LedgerlensException failure = new LedgerlensException(FailureReason.CORRUPT_DOCUMENT, "damaged");
        long old = deadLetters.add(new DeadLetterRepository.Entry(a, null, "file:/in/a.pdf", "a.pdf", Stage.RENDER, 1, failure));
        long recent = deadLetters.add(new DeadLetterRepository.Entry(b, null, "file:/in/b.pdf", "b.pdf", Stage.RENDER, 1, failure));
        try (var connection = TestDatabase.get().dataSource().getConnection();
             var statement = connection.prepareStatement("update dead_letters set created_at = now() - interval '31 days' where id = ?")) {
            statement.setLong(1, old);
            statement.executeUpdate();
        }

        assertThat(deadLetters.purgeOlderThan(java.time.Duration.ofDays(30))).isEqualTo(1);

        assertThat(deadLetters.find(old)).isEmpty();
        assertThat(deadLetters.find(recent)).isPresent();
    }

    private static ValidatedDocument dated(long id, LocalDate date, String total) {
        ValidatedDocument base = validated(id);
        DocumentRecord record = base.record();
        DocumentRecord other = new DocumentRecord(record.documentType(), "Other Shop", null, date, null, record.items(),
                null, null, null, null, new BigDecimal(total), "GBP", null, null, null, null, null, null, List.of());
        return new ValidatedDocument(base.extraction(), other, RecordStatus.VALID, List.of(), Map.of());
    }

    @Test
    void aDeadLetterKeepsReasonStageViolationsAndAnswers() {
        long id = documents.claim(document("b")).documentId();
        LedgerlensException failure = new LedgerlensException(FailureReason.VALIDATION_FAILED, "no total", null,
                List.of(new Violation("total", "must not be null")), List.of("{\"total\":null}"));

        long letterId = deadLetters.add(new DeadLetterRepository.Entry(id, document("b").sha256(), "file:/in/a.pdf",
                "a.pdf", Stage.VALIDATE, 2, failure));

        DeadLetter letter = deadLetters.find(letterId).orElseThrow();
        assertThat(letter.reason()).isEqualTo("VALIDATION_FAILED");
        assertThat(letter.category()).isEqualTo("PERMANENT");
        assertThat(letter.stage()).isEqualTo("validate");
        assertThat(letter.attempts()).isEqualTo(2);
        assertThat(letter.violations()).containsExactly(new Violation("total", "must not be null"));
        assertThat(letter.modelAnswers()).containsExactly("{\"total\":null}");
        assertThat(documents.countByStatus()).containsEntry("dead_lettered", 1L);
        assertThat(deadLetters.list("VALIDATION_FAILED")).hasSize(1);
        assertThat(deadLetters.list("MODEL_TIMEOUT")).isEmpty();

        deadLetters.markReplayed(letterId);
        assertThat(deadLetters.list(null)).isEmpty();
    }
}
