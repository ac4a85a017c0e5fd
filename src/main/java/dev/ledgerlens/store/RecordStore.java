package dev.ledgerlens.store;

import dev.ledgerlens.validate.RecordStatus;
import dev.ledgerlens.validate.ValidatedDocument;


/**
 * The store stage: writes a validated document and decides whether it is a near-duplicate
 * (same vendor, number, date and total as an earlier record, different bytes). Thread-safe.
 */
public final class RecordStore {
    private final DocumentRepository documents;

    public RecordStore(DocumentRepository documents) {
        this.documents = documents;
    }

    /** The stored status and, for a near-duplicate, the earlier document it repeats. */
    public record Stored(RecordStatus status, Long duplicateOf) {
    }

    public Stored store(long documentId, ValidatedDocument validated) {
        DocumentRepository.Stored stored = documents.storeUnlessDuplicate(documentId, validated);
        return new Stored(stored.status(), stored.duplicateOf());
    }
}
