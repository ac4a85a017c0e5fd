package dev.ledgerlens.store;

import dev.ledgerlens.failure.FailureReason;
import dev.ledgerlens.failure.LedgerlensException;
import dev.ledgerlens.failure.Stage;
import dev.ledgerlens.failure.Violation;
import dev.ledgerlens.ingest.SourceDocument;
import dev.ledgerlens.testing.TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

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
