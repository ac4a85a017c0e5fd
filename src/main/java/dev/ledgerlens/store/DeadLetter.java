package dev.ledgerlens.store;

import dev.ledgerlens.failure.Violation;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * One row of the dead-letter queue.
 *
 * @param id           row id, used by {@code dlq show} and {@code dlq replay}
 * @param documentId   the document row, when the document got that far (null for files that never had an identity)
 * @param sha256       the document's identity, when known
 * @param sourceUri    where it came from
 * @param fileName     the file name
 * @param reason       the {@link dev.ledgerlens.failure.FailureReason} name
 * @param category     TRANSIENT / PERMANENT
 * @param stage        ingest, render, extract, validate or store
 * @param attempts     how many times it was tried
 * @param message      what went wrong
 * @param violations   the broken constraints, for validation failures
 * @param modelAnswers the engine's raw answers, when it answered
 * @param createdAt    when it was dead-lettered
 * @param replayedAt   when it was last sent back through the pipeline, or null
 */
public record DeadLetter(long id, Long documentId, String sha256, String sourceUri, String fileName, String reason,
                         String category, String stage, int attempts, String message, List<Violation> violations,
                         List<String> modelAnswers, OffsetDateTime createdAt, OffsetDateTime replayedAt) {
}
