package dev.ledgerlens.app;

import dev.ledgerlens.failure.FailureReason;
import dev.ledgerlens.failure.LedgerlensException;
import dev.ledgerlens.failure.Stage;
import dev.ledgerlens.ingest.Admission;
import dev.ledgerlens.store.DeadLetterRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The beans the error policy calls (bound as {@code failures}, see {@code routes/errors.yaml}): a failed
 * document goes to the dead-letter queue; a FATAL failure stops the run and leaves the document queued.
 * The stage a document failed in is the one its route named ({@code ledgerlensStage} exchange property).
 * Thread-safe.
 */
public final class FailureSteps {
    private static final Logger LOG = LoggerFactory.getLogger(FailureSteps.class);

    private final DeadLetterRepository deadLetters;
    private final DocumentExits exits;
    private final RunTracker tracker;

    FailureSteps(DeadLetterRepository deadLetters, DocumentExits exits, RunTracker tracker) {
        this.deadLetters = deadLetters;
        this.exits = exits;
        this.tracker = tracker;
    }

    /**
     * Records a failed document in the dead-letter queue and sets its input file aside.
     *
     * @param admission    the document as taken in, or null when it failed before (its file is then named by
     *                     {@code sourceUri} and {@code fileName})
     * @param stage        the stage's label, as the failing route set it; null before any stage ran
     * @param redeliveries how many times Camel redelivered it before giving up
     */
    public void deadLetter(Throwable error, Admission admission, String sourceUri, String fileName, String stage,
                           Integer redeliveries) {
        LedgerlensException failure = asFailure(error);
        Stage failedIn = stage == null ? Stage.INGEST : Stage.fromLabel(stage);
        String uri = admission != null ? admission.document().sourceUri() : sourceUri;
        String name = admission != null ? admission.document().fileName() : fileName;
        int attempts = 1 + (redeliveries == null ? 0 : redeliveries);
        DeadLetterRepository.Written written;
        try {
            written = deadLetters.add(new DeadLetterRepository.Entry(
                    admission == null ? null : admission.documentId(),
                    admission == null ? null : admission.document().sha256(),
                    uri == null ? "unknown" : uri, name == null ? "unknown" : name, failedIn, attempts, failure,
                    admission == null ? null : admission.replaying()));
        } catch (LedgerlensException unwritten) {
            // Neither its record nor its dead letter could be written (the database has been down through every
            // redelivery, or its disk is full): it must not leave the pipeline as anything. It stays queued, its
            // input file where it is, and the run stops rather than send every other document the same way.
            fatal(unwritten.isFatal() ? unwritten : new LedgerlensException(FailureReason.DATABASE_LOST, name
                    + " could be neither stored nor dead-lettered (" + failure.reason() + ", then " + unwritten.getMessage()
                    + "); it stays queued and its file where it is", unwritten), admission);
            return;
        }
        if (written instanceof DeadLetterRepository.Written.Note note) {
            // another copy of the same bytes stored it meanwhile: this file is that record's copy
            LOG.warn("{} failed at {} ({}: {}), but its document is already stored as {}: noted on the record",
                    name, failedIn.label(), failure.reason(), failure.getMessage(), note.storedStatus());
            exits.alreadyKnown(new Admission(admission.document(), admission.documentId(), false,
                    note.storedStatus(), admission.replaying()));
            return;
        }
        LOG.warn("{} dead-lettered at {}: {} ({})", name, failedIn.label(), failure.reason(), failure.getMessage());
        exits.deadLettered(admission, uri, failure.reason());
    }

    /** A FATAL failure: nothing is dead-lettered, the document stays queued, the run stops. */
    public void fatal(Throwable error, Admission admission) {
        LedgerlensException failure = asFailure(error);
        if (tracker.fatalFailure().isEmpty()) {
            LOG.error("stopping the run: {} ({})", failure.reason(), failure.getMessage());
        }
        exits.leftQueued(admission);
        tracker.fatal(failure);
    }

    private static LedgerlensException asFailure(Throwable error) {
        if (error instanceof LedgerlensException failure) {
            return failure;
        }
        LOG.error("unexpected error", error);
        return new LedgerlensException(FailureReason.INTERNAL_ERROR,
                error == null ? "unknown error" : error.getClass().getSimpleName() + ": " + error.getMessage(), error);
    }
}
