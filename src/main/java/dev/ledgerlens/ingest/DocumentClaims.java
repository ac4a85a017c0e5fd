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
     * @param proceed        true for a new document, or one a previous run left unfinished ('processing')
     * @param existingStatus the status of an already known document, when {@code proceed} is false
     */
    record Claim(long documentId, boolean proceed, String existingStatus) {
    }

    /**
     * Claims a document. A new document, or one a previous run left unfinished ('processing', e.g. after a crash), is
     * to be processed; any other known document is not: stored, dead-lettered, 'submitted' in an open OpenAI batch, or
     * 'queued' (given back by a batch: the next {@code run --once} takes it up from its kept original).
     */
    Claim claim(SourceDocument document);
}
