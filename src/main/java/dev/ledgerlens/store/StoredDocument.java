package dev.ledgerlens.store;

import dev.ledgerlens.validate.DocumentRecord;
import dev.ledgerlens.validate.RecordStatus;
import dev.ledgerlens.validate.ReviewReason;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * A stored document with its current record, as read back for exports and review.
 *
 * @param id           the database id
 * @param sha256       the document's identity
 * @param fileName     the file name it arrived under
 * @param sourceUri    where it came from
 * @param status       its review state
 * @param record       the normalised fields of its current extraction
 * @param duplicateOf  for a near-duplicate, the id of the first copy; else null
 * @param reasons      why it needs review (empty when valid)
 * @param receivedAt   when it was first seen
 * @param extractionId its current extraction
 * @param original     the fields as the engine read them (equal to {@code record} when nothing was corrected)
 * @param corrections  the reviewers' corrections of the extraction, in the order they apply
 */
public record StoredDocument(long id, String sha256, String fileName, String sourceUri, RecordStatus status,
                             DocumentRecord record, Long duplicateOf, List<ReviewReason> reasons,
                             OffsetDateTime receivedAt, long extractionId, DocumentRecord original,
                             List<Correction> corrections) {
    public StoredDocument {
        reasons = reasons == null ? List.of() : List.copyOf(reasons);
        original = original == null ? record : original;
        corrections = corrections == null ? List.of() : List.copyOf(corrections);
    }

    /** A record nobody corrected. */
    public StoredDocument(long id, String sha256, String fileName, String sourceUri, RecordStatus status,
                          DocumentRecord record, Long duplicateOf, List<ReviewReason> reasons, OffsetDateTime receivedAt) {
        this(id, sha256, fileName, sourceUri, status, record, duplicateOf, reasons, receivedAt, 0, record, List.of());
    }
}
