package dev.ledgerlens.app;

import dev.ledgerlens.failure.FailureReason;
import dev.ledgerlens.failure.LedgerlensException;
import dev.ledgerlens.failure.Stage;
import dev.ledgerlens.ingest.Admission;
import dev.ledgerlens.ingest.ClaimedElsewhere;
import dev.ledgerlens.ingest.Intake;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The beans the source and ingest routes call (bound as {@code source}): taking a document in from a folder, a
 * bucket or the dead-letter queue, and what happens when a poll finds nothing, another instance holds a file, or
 * the bytes are already known. The work is done by {@link Intake}; every log line about a document carries its
 * SHA-256 (MDC key {@code sha256}). Thread-safe.
 */
public final class SourceSteps {
    private static final Logger LOG = LoggerFactory.getLogger(SourceSteps.class);

    private final Intake intake;
    private final DocumentExits exits;
    private final RunTracker tracker;

    SourceSteps(Intake intake, DocumentExits exits, RunTracker tracker) {
        this.intake = intake;
        this.exits = exits;
        this.tracker = tracker;
    }

    /** The source polled and found nothing new. */
    public void sourceIdle() {
        tracker.sourceIdle();
    }

    /** Another instance is reading this file or object now: rolled back, and looked at again on a later poll. */
    public void heldElsewhere(String sourceUri) {
        MDC.remove("sha256"); // the source's thread may still carry the previous document's
        LOG.debug("{} is being read by another instance", sourceUri);
        throw new ClaimedElsewhere(sourceUri);
    }

    /**
     * True when a file listed by this instance was taken away meanwhile (another instance finished it and
     * moved it): nothing to do, and not a failure.
     */
    public boolean sourceGone(String sourceUri) {
        if (sourceUri == null || !sourceUri.startsWith("file:")) {
            return false;
        }
        boolean gone = !Files.exists(Path.of(sourceUri.substring("file:".length())));
        if (gone) {
            LOG.debug("{} was taken by another instance", sourceUri);
        }
        return gone;
    }

    /** Takes a document in: keeps its original and claims it by SHA-256. */
    public Admission admit(InputStream content, String sourceUri, String fileName, Long declaredSize) {
        tracker.documentArrived();
        try (InputStream in = content) {
            Admission admission = tracker.timed(Stage.INGEST, () -> intake.admit(in, sourceUri, fileName, declaredSize));
            MDC.put("sha256", admission.document().sha256());
            return admission;
        } catch (IOException e) {
            throw new LedgerlensException(FailureReason.SOURCE_UNREADABLE, "cannot close " + fileName, e);
        }
    }

    /** Takes a dead-lettered document in again from its kept original; it counts as arriving again. */
    public Admission readmit(ReplayRequest request) {
        tracker.documentArrived();
        Admission admission = intake.readmit(request.sha256(), request.sourceUri(), request.fileName(),
                request.documentId(), request.letterId());
        MDC.put("sha256", admission.document().sha256());
        return admission;
    }

    /** Takes a known document up again from its kept original (a batch answer, or a document a batch gave back). */
    public Admission resume(ResumeRequest request) {
        tracker.documentArrived();
        Admission admission = intake.resume(request.sha256(), request.sourceUri(), request.fileName(), request.documentId());
        MDC.put("sha256", admission.document().sha256());
        return admission;
    }

    /** The bytes are already known: nothing new to store. */
    public void alreadyKnown(Admission admission) {
        exits.alreadyKnown(admission);
    }
}
