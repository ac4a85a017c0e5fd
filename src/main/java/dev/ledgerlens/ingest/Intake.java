package dev.ledgerlens.ingest;

import dev.ledgerlens.failure.FailureReason;
import dev.ledgerlens.failure.LedgerlensException;

import java.io.InputStream;

/**
 * Takes a document in from any source: keeps its original bytes, computes its identity (SHA-256)
 * and claims it in the database, so that the same bytes are processed once, ever.
 * Thread-safe.
 */
public final class Intake {
    private final OriginalStore originals;
    private final DocumentClaims claims;
    private final long maxFileBytes;
    private final FolderBoundary boundary;
    /**
     * Documents this process has in the pipeline. A 'processing' row is resumable when a crashed run left it,
     * but not while a copy of the same bytes (another file name) is still being worked on here.
     */
    private final java.util.Set<String> inFlight = java.util.concurrent.ConcurrentHashMap.newKeySet();

    public Intake(OriginalStore originals, DocumentClaims claims, long maxFileBytes) {
        this(originals, claims, maxFileBytes, FolderBoundary.none());
    }

    /** @param boundary where {@code file:} sources may point (symbolic links out of the input folder are refused) */
    public Intake(OriginalStore originals, DocumentClaims claims, long maxFileBytes, FolderBoundary boundary) {
        this.originals = originals;
        this.claims = claims;
        this.maxFileBytes = maxFileBytes;
        this.boundary = boundary;
    }

    /**
     * @param content      the document's bytes (read once, closed by the caller)
     * @param sourceUri    where it came from
     * @param fileName     its name as the user knows it
     * @param declaredSize the size the source reports, or null; checked before reading anything
     */
    public Admission admit(InputStream content, String sourceUri, String fileName, Long declaredSize) {
        if (content == null) {
            throw new LedgerlensException(FailureReason.SOURCE_UNREADABLE, "the file disappeared before it could be read");
        }
        boundary.check(sourceUri, fileName);
        if (declaredSize != null && declaredSize > maxFileBytes) {
            throw new LedgerlensException(FailureReason.TOO_LARGE, "the file has " + declaredSize
                    + " bytes, more than ledgerlens.max-file-bytes (" + maxFileBytes + ")");
        }
        OriginalStore.Stored stored = originals.keep(content, maxFileBytes);
        SourceDocument document = new SourceDocument(stored.sha256(), sourceUri, fileName, stored.size(), stored.path());
        DocumentClaims.Claim claim = claims.claim(document);
        if (claim.proceed() && !inFlight.add(document.sha256())) {
            return new Admission(document, claim.documentId(), false, "in progress (a copy under another name)");
        }
        return new Admission(document, claim.documentId(), claim.proceed(), claim.existingStatus());
    }

    /** The document left the pipeline (stored, dead-lettered, or left queued by a fatal stop). */
    public void release(SourceDocument document) {
        inFlight.remove(document.sha256());
    }

    /**
     * Takes a known document up again from its kept original without reading its source: its answer was collected
     * from an OpenAI batch, or a batch gave it back to the queue. A document this process is already working on (a
     * copy under another name, or the same file read from the inbox) is not taken twice. An original that is gone
     * fails when it is rendered (SOURCE_UNREADABLE), so the document is dead-lettered by its id instead of being taken
     * up again on every run.
     */
    public Admission resume(String sha256, String sourceUri, String fileName, long documentId) {
        java.nio.file.Path original = originals.pathOf(sha256);
        SourceDocument document = new SourceDocument(sha256, sourceUri, fileName, original.toFile().length(), original);
        if (!inFlight.add(sha256)) {
            return new Admission(document, documentId, false, "in progress (a copy under another name)");
        }
        return new Admission(document, documentId, true, null);
    }

    /**
     * Admits a dead-lettered document again from its kept original (a replay). The document stays
     * {@code dead_lettered}, its letter open, until the store or a new dead letter closes the letter in the same
     * transaction: a crash or a fatal stop mid-replay leaves it in the queue. A document this process is already
     * working on (a copy under another name) is not taken twice.
     *
     * @param letterId the dead letter being replayed
     */
    public Admission readmit(String sha256, String sourceUri, String fileName, long documentId, long letterId) {
        if (!originals.contains(sha256)) {
            throw new LedgerlensException(FailureReason.SOURCE_UNREADABLE,
                    "the original of " + fileName + " is no longer in the data directory; drop the file in again");
        }
        java.nio.file.Path original = originals.pathOf(sha256);
        SourceDocument document = new SourceDocument(sha256, sourceUri, fileName, original.toFile().length(), original);
        if (!inFlight.add(sha256)) {
            return new Admission(document, documentId, false, "in progress (a copy under another name)", letterId);
        }
        return new Admission(document, documentId, true, null, letterId);
    }
}
