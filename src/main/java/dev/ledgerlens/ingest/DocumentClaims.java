package dev.ledgerlens.ingest;

/**
 * Where intake claims a document by its SHA-256, so that the same bytes are processed once, ever. Owned by
 * ingest and implemented by the store (which sits above it in the flow). Implementations are thread-safe.
 */
public interface DocumentClaims {

    /**
     * The outcome of claiming a document.
     *
     * @param documentId     its row in the documents table
     * @param proceed        true for a new document, one a previous run left unfinished ('processing'), or one an
     *                       OpenAI batch gave back to the queue ('queued')
     * @param existingStatus the status of an already known document, when {@code proceed} is false
     */
    record Claim(long documentId, boolean proceed, String existingStatus) {
    }

    /**
     * Claims a document. A new document, one a previous run left unfinished ('processing', e.g. after a crash), or one
     * an OpenAI batch gave back ('queued') is to be processed; any other known document (stored, dead-lettered, or
     * 'submitted' in an open batch) is not.
     */
    Claim claim(SourceDocument document);
}
