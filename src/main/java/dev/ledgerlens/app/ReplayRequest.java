package dev.ledgerlens.app;

/**
 * A dead-lettered document to send through the pipeline again, from its kept original.
 *
 * @param letterId   the dead letter being replayed (closed when the document is stored or fails again)
 * @param documentId the document's row
 * @param sha256     its identity, which names its kept original
 * @param sourceUri  where it first came from (for its input file's disposition and the logs)
 * @param fileName   its file name as the user knows it
 */
public record ReplayRequest(long letterId, long documentId, String sha256, String sourceUri, String fileName) {
}
