package dev.ledgerlens.store;

import dev.ledgerlens.validate.RecordStatus;
import dev.ledgerlens.validate.ValidatedDocument;

import java.util.Optional;

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
        Optional<Long> original = documents.findNearDuplicate(documentId, validated.record());
        RecordStatus status = original.isPresent() ? RecordStatus.DUPLICATE : validated.status();
        documents.store(documentId, validated, status, original.orElse(null));
        return new Stored(status, original.orElse(null));
    }
}
