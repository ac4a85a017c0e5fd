package dev.ledgerlens.store;

import dev.ledgerlens.failure.FailureReason;
import dev.ledgerlens.failure.LedgerlensException;
import dev.ledgerlens.failure.Stage;
import dev.ledgerlens.failure.Violation;
import dev.ledgerlens.testing.CommitAnswerCutter;
import dev.ledgerlens.testing.Rows;
import dev.ledgerlens.testing.TestDatabase;
import dev.ledgerlens.validate.RecordStatus;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.ledgerlens.store.StoreFixtures.document;
import static dev.ledgerlens.store.StoreFixtures.extractionsOf;
import static dev.ledgerlens.store.StoreFixtures.statusOf;
import static dev.ledgerlens.store.StoreFixtures.validated;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The dead-letter queue against the real schema: what a letter keeps, and when a write is not a new letter. */
class DeadLetterRepositoryTest {
    private ClaimRepository claims;
    private RecordRepository records;
    private StoredRecords stored;
    private DeadLetterRepository deadLetters;

    @BeforeEach
    void setUp() {
        TestDatabase.truncate();
        claims = new ClaimRepository(TestDatabase.get().dataSource());
        records = new RecordRepository(TestDatabase.get().dataSource());
        stored = new StoredRecords(TestDatabase.get().dataSource());
        deadLetters = new DeadLetterRepository(TestDatabase.get().dataSource());
    }

    private static DeadLetterRepository.Entry entry(long id, FailureReason reason, Long replaying) {
        return new DeadLetterRepository.Entry(id, null, "file:/in/a.pdf", "a.pdf", Stage.EXTRACT, 4,
                new LedgerlensException(reason, reason + " four times"), replaying);
    }

    private static long letterId(DeadLetterRepository.Written written) {
        assertThat(written).isInstanceOf(DeadLetterRepository.Written.Letter.class);
        return ((DeadLetterRepository.Written.Letter) written).id();
    }

    @Test
    void aDeadLetterWhoseCommitWasNotConfirmedIsNotWrittenTwice() throws Exception {
        long id = claims.claim(document("d3")).documentId();
        DeadLetterRepository.Entry entry = entry(id, FailureReason.MODEL_UNAVAILABLE, null);
        try (CommitAnswerCutter cutter = new CommitAnswerCutter(TestDatabase.get().dataSource(),
                TestDatabase.password())) {
            cutter.arm();
            assertThatThrownBy(() -> new DeadLetterRepository(cutter.dataSource()).add(entry))
                    .isInstanceOfSatisfying(LedgerlensException.class, e -> assertThat(e.isTransient()).isTrue());
            assertThat(cutter.cut()).isTrue();
        }

        long redelivered = letterId(deadLetters.add(entry));

        assertThat(deadLetters.list(null)).singleElement().satisfies(letter -> {
            assertThat(letter.id()).isEqualTo(redelivered);
            assertThat(letter.documentId()).isEqualTo(id);
        });
    }

    @Test
    void aDeadLetterForAStoredDocumentIsANoteAndNeverChangesItsStatus() {
        long id = claims.claim(document("a1")).documentId();
        records.store(id, validated(id));

        // a second copy of the same bytes failing on another instance, or a step after the store's commit
        DeadLetterRepository.Written written = deadLetters.add(entry(id, FailureReason.MODEL_TIMEOUT, null));

        assertThat(written).isEqualTo(new DeadLetterRepository.Written.Note("valid"));
        assertThat(statusOf(id)).isEqualTo("valid");
        assertThat(deadLetters.list(null)).as("no letter").isEmpty();
        assertThat(stored.find(new StoredRecords.Query(List.of(RecordStatus.VALID), null, null)))
                .as("still exported").extracting(StoredDocument::id).containsExactly(id);
        List<java.util.Map<String, Object>> notes = new Rows(TestDatabase.get().dataSource())
                .list("select n->>'reason' as reason, n->>'stage' as stage from documents, jsonb_array_elements(notes) n"
                        + " where id = ?", id);
        assertThat(notes).singleElement().satisfies(note -> {
            assertThat(note.get("reason")).isEqualTo("MODEL_TIMEOUT");
            assertThat(note.get("stage")).isEqualTo("extract");
        });
    }

    @Test
    void aReplayThatFailsAgainClosesTheReplayedLetterAndOpensItsOwnInOneStep() {
        long id = claims.claim(document("b1")).documentId();
        long first = letterId(deadLetters.add(entry(id, FailureReason.MODEL_UNAVAILABLE, null)));

        long second = letterId(deadLetters.add(entry(id, FailureReason.MODEL_TIMEOUT, first)));

        assertThat(second).isNotEqualTo(first);
        assertThat(deadLetters.list(null)).singleElement().satisfies(letter -> {
            assertThat(letter.id()).isEqualTo(second);
            assertThat(letter.reason()).isEqualTo("MODEL_TIMEOUT");
        });
        assertThat(deadLetters.find(first).orElseThrow().replayedAt()).isNotNull();
        assertThat(statusOf(id)).isEqualTo("dead_lettered");
        // the same failed write redelivered (its commit answer lost): the replay's letter, not a third
        assertThat(letterId(deadLetters.add(entry(id, FailureReason.MODEL_TIMEOUT, first)))).isEqualTo(second);
        assertThat(deadLetters.list(null)).hasSize(1);
    }

    @Test
    void aReplayedDocumentStaysInTheQueueUntilItsRecordIsStoredWhichClosesTheLetter() {
        long id = claims.claim(document("b2")).documentId();
        long letter = letterId(deadLetters.add(entry(id, FailureReason.MODEL_UNAVAILABLE, null)));
        // a replay in progress changes nothing: a crash here leaves the letter open and the document queued
        assertThat(deadLetters.list(null)).extracting(DeadLetter::id).containsExactly(letter);
        assertThat(statusOf(id)).isEqualTo("dead_lettered");

        RecordRepository.StoreResult result = records.store(id, validated(id));

        assertThat(result.status()).isEqualTo(RecordStatus.VALID);
        assertThat(extractionsOf(id)).containsExactly(result.extractionId());
        assertThat(deadLetters.list(null)).as("closed by the store").isEmpty();
        assertThat(deadLetters.find(letter).orElseThrow().replayedAt()).isNotNull();
        assertThat(stored.find(new StoredRecords.Query(List.of(RecordStatus.values()), null, null)))
                .singleElement().satisfies(document -> assertThat(document.id()).isEqualTo(id));
    }

    @Test
    void purgeDeletesOnlyDeadLettersOlderThanTheAgeGiven() throws Exception {
        long a = claims.claim(document("d")).documentId();
        long b = claims.claim(document("e")).documentId();
        LedgerlensException failure = new LedgerlensException(FailureReason.CORRUPT_DOCUMENT, "damaged");
        long old = letterId(deadLetters.add(new DeadLetterRepository.Entry(a, null, "file:/in/a.pdf", "a.pdf", Stage.RENDER, 1, failure)));
        long recent = letterId(deadLetters.add(new DeadLetterRepository.Entry(b, null, "file:/in/b.pdf", "b.pdf", Stage.RENDER, 1, failure)));
        try (var connection = TestDatabase.get().dataSource().getConnection();
             var statement = connection.prepareStatement("update dead_letters set created_at = now() - interval '31 days' where id = ?")) {
            statement.setLong(1, old);
            statement.executeUpdate();
        }

        assertThat(deadLetters.purgeOlderThan(java.time.Duration.ofDays(30))).isEqualTo(1);

        assertThat(deadLetters.find(old)).isEmpty();
        assertThat(deadLetters.find(recent)).isPresent();
    }

    @Test
    void aDeadLetterKeepsReasonStageViolationsAndAnswers() {
        long id = claims.claim(document("b")).documentId();
        LedgerlensException failure = new LedgerlensException(FailureReason.VALIDATION_FAILED, "no total", null,
                List.of(new Violation("total", "must not be null")), List.of("{\"total\":null}"));

        long letterId = letterId(deadLetters.add(new DeadLetterRepository.Entry(id, document("b").sha256(),
                "file:/in/a.pdf", "a.pdf", Stage.VALIDATE, 2, failure)));

        DeadLetter letter = deadLetters.find(letterId).orElseThrow();
        assertThat(letter.reason()).isEqualTo("VALIDATION_FAILED");
        assertThat(letter.category()).isEqualTo("PERMANENT");
        assertThat(letter.stage()).isEqualTo("validate");
        assertThat(letter.attempts()).isEqualTo(2);
        assertThat(letter.violations()).containsExactly(new Violation("total", "must not be null"));
        assertThat(letter.modelAnswers()).containsExactly("{\"total\":null}");
        assertThat(stored.countByStatus()).containsEntry("dead_lettered", 1L);
        assertThat(deadLetters.list("VALIDATION_FAILED")).hasSize(1);
        assertThat(deadLetters.list("MODEL_TIMEOUT")).isEmpty();
    }
}
