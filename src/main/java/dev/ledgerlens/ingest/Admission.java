package dev.ledgerlens.ingest;

/**
 * The result of taking a document in: its identity and whether this run should process it.
 *
 * @param document       the document, its original kept in the data directory
 * @param documentId     its row in the documents table
 * @param proceed        true for a new document (or one a previous run left unfinished)
 * @param existingStatus the stored status of an already known document, when {@code proceed} is false
 * @param replaying      for a document readmitted from the dead-letter queue, the letter being replayed; else null
 */
public record Admission(SourceDocument document, long documentId, boolean proceed, String existingStatus,
                        Long replaying) {
    /** A document taken in from a source (not a replay). */
    public Admission(SourceDocument document, long documentId, boolean proceed, String existingStatus) {
        this(document, documentId, proceed, existingStatus, null);
    }
}
