package dev.ledgerlens.app;

import dev.ledgerlens.app.RunTracker.Outcome;
import dev.ledgerlens.failure.FailureReason;
import dev.ledgerlens.ingest.Admission;
import dev.ledgerlens.ingest.InputDisposition;
import dev.ledgerlens.ingest.Intake;
import dev.ledgerlens.render.DocumentRenderer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.nio.file.Path;

/**
 * Where a document leaves the pipeline, whichever way it goes: stored, dead-lettered, already known, or left
 * queued by a fatal stop. Every way releases what the document held, in one order: its page images, its input
 * file (to {@code done/} or {@code failed/}, as configured), its in-flight mark, and its count in the run's summary.
 * <p>
 * Once a record or a dead letter is committed, nothing after it may turn the document into a failure: a page
 * clean-up or a file move that fails is logged and the document still leaves as what it is. Thread-safe.
 */
final class DocumentExits {
    private static final Logger LOG = LoggerFactory.getLogger(DocumentExits.class);

    private final DocumentRenderer renderer;
    private final Intake intake;
    private final InputDisposition disposition;
    private final RunTracker tracker;
    private final Path workDir;

    DocumentExits(DocumentRenderer renderer, Intake intake, InputDisposition disposition, RunTracker tracker,
                  Path workDir) {
        this.renderer = renderer;
        this.intake = intake;
        this.disposition = disposition;
        this.tracker = tracker;
        this.workDir = workDir;
    }

    /** Its bytes were already known (stored, dead-lettered, or being worked on under another name). */
    void alreadyKnown(Admission admission) {
        LOG.info("{} ({}) is already known as {}: nothing new to store", admission.document().fileName(),
                admission.document().shortId(), admission.existingStatus());
        afterCommit("move the input file", () -> disposition.succeeded(admission.document().sourceUri(), true));
        leave(Outcome.ALREADY_KNOWN);
    }

    /** Its record is committed with {@code outcome}. */
    void stored(Admission admission, Outcome outcome) {
        afterCommit("delete the page images", () -> renderer.discard(admission.document(), workDir));
        afterCommit("move the input file", () -> disposition.succeeded(admission.document().sourceUri(), true));
        intake.release(admission.document());
        leave(outcome);
    }

    /**
     * Its request is written into an OpenAI batch: the document waits there, recorded in the database with its kept
     * original, so its input file is done with (kept, moved to done/ or deleted, as for a stored document).
     */
    void submitted(Admission admission) {
        afterCommit("delete the page images", () -> renderer.discard(admission.document(), workDir));
        afterCommit("move the input file", () -> disposition.succeeded(admission.document().sourceUri(), true));
        intake.release(admission.document());
        leave(Outcome.SUBMITTED);
    }

    /** Its collected answer failed validation and its re-ask goes into the next batch: it is queued for that. */
    void requeued(Admission admission) {
        afterCommit("delete the page images", () -> renderer.discard(admission.document(), workDir));
        intake.release(admission.document());
        leave(Outcome.QUEUED);
    }

    /**
     * Its dead letter is committed. {@code admission} is null when it failed before it was taken in; its input file
     * then goes by {@code sourceUri}.
     */
    void deadLettered(Admission admission, String sourceUri, FailureReason reason) {
        if (admission != null) {
            afterCommit("delete the page images", () -> renderer.discard(admission.document(), workDir));
        }
        afterCommit("move the input file", () -> disposition.failed(sourceUri, admission != null));
        release(admission);
        tracker.deadLettered(reason);
        MDC.remove("sha256");
    }

    /**
     * Nothing could be written for it (a fatal stop, or a database that took neither its record nor its dead
     * letter): its input file stays where it is and the document stays queued for the next run.
     */
    void leftQueued(Admission admission) {
        if (admission != null) {
            // re-rendered when the next run takes it up
            afterCommit("delete the page images", () -> renderer.discard(admission.document(), workDir));
        }
        release(admission);
        MDC.remove("sha256");
    }

    private void release(Admission admission) {
        if (admission != null && admission.proceed()) {
            intake.release(admission.document());
        }
    }

    private void leave(Outcome outcome) {
        tracker.finished(outcome);
        MDC.remove("sha256");
    }

    private static void afterCommit(String action, Runnable step) {
        try {
            step.run();
        } catch (RuntimeException e) {
            LOG.warn("could not {} ({}); the document's outcome stands", action, e.getMessage());
        }
    }
}
