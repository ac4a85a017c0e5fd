package dev.ledgerlens.app;

import dev.ledgerlens.app.RunTracker.Outcome;
import dev.ledgerlens.extract.Extraction;
import dev.ledgerlens.extract.Extractor;
import dev.ledgerlens.failure.FailureReason;
import dev.ledgerlens.failure.LedgerlensException;
import dev.ledgerlens.failure.Stage;
import dev.ledgerlens.ingest.Admission;
import dev.ledgerlens.ingest.InputDisposition;
import dev.ledgerlens.ingest.Intake;
import dev.ledgerlens.render.DocumentRenderer;
import dev.ledgerlens.render.RenderedDocument;
import dev.ledgerlens.store.DeadLetterRepository;
import dev.ledgerlens.store.RecordStore;
import dev.ledgerlens.validate.ValidatedDocument;
import dev.ledgerlens.validate.ValidationStep;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * The beans the routes call, one method per stage. Each method is a thin, timed delegation to the
 * stage's own class, so the routes stay orchestration only and the stage classes stay free of Camel.
 * Every log line about a document carries its SHA-256 (MDC key {@code sha256}).
 * Thread-safe.
 */
public final class PipelineSteps {
    private static final Logger LOG = LoggerFactory.getLogger(PipelineSteps.class);

    private final Intake intake;
    private final DocumentRenderer renderer;
    private final Extractor extractor;
    private final ValidationStep validation;
    private final RecordStore store;
    private final DeadLetterRepository deadLetters;
    private final InputDisposition disposition;
    private final RunTracker tracker;
    private final Path workDir;

    public PipelineSteps(Intake intake, DocumentRenderer renderer, Extractor extractor, ValidationStep validation,
                         RecordStore store, DeadLetterRepository deadLetters, InputDisposition disposition,
                         RunTracker tracker, Path workDir) {
        this.intake = intake;
        this.renderer = renderer;
        this.extractor = extractor;
        this.validation = validation;
        this.store = store;
        this.deadLetters = deadLetters;
        this.disposition = disposition;
        this.tracker = tracker;
        this.workDir = workDir;
    }

    /** The source polled and found nothing new. */
    public void sourceIdle() {
        tracker.sourceIdle();
    }

    /** Another instance is reading this file or object now: rolled back, and looked at again on a later poll. */
    public void heldElsewhere(String sourceUri) {
        MDC.remove("sha256"); // the source's thread may still carry the previous document's
        LOG.debug("{} is being read by another instance", sourceUri);
        throw new dev.ledgerlens.ingest.ClaimedElsewhere(sourceUri);
    }

    /**
     * True when a file listed by this instance was taken away meanwhile (another instance finished it and
     * moved it): nothing to do, and not a failure.
     */
    public boolean sourceGone(String sourceUri) {
        if (sourceUri == null || !sourceUri.startsWith("file:")) {
            return false;
        }
        boolean gone = !java.nio.file.Files.exists(Path.of(sourceUri.substring("file:".length())));
        if (gone) {
            LOG.debug("{} was taken by another instance", sourceUri);
        }
        return gone;
    }

    public Admission admit(InputStream content, String sourceUri, String fileName, Long declaredSize) {
        tracker.documentArrived();
        try (InputStream in = content) {
            Admission admission = timed(Stage.INGEST, () -> intake.admit(in, sourceUri, fileName, declaredSize));
            MDC.put("sha256", admission.document().sha256());
            return admission;
        } catch (IOException e) {
            throw new LedgerlensException(FailureReason.SOURCE_UNREADABLE, "cannot close " + fileName, e);
        }
    }

    /** A readmitted document (dead-letter replay) counts as arriving again. */
    public Admission replay(Admission admission) {
        tracker.documentArrived();
        return admission;
    }

    public void alreadyKnown(Admission admission) {
        LOG.info("{} ({}) is already known as {}: nothing new to store", admission.document().fileName(),
                admission.document().shortId(), admission.existingStatus());
        disposition.succeeded(admission.document().sourceUri(), true);
        tracker.finished(Outcome.ALREADY_KNOWN);
        MDC.remove("sha256");
    }

    public RenderedDocument render(Admission admission) {
        MDC.put("sha256", admission.document().sha256());
        tracker.fatalFailure().ifPresent(fatal -> {
            // the run is stopping: leave this document queued instead of spending on it
            throw new LedgerlensException(fatal.reason(), "not started: the run is stopping (" + fatal.getMessage() + ")");
        });
        RenderedDocument rendered = timed(Stage.RENDER,
                () -> renderer.render(admission.document(), extractor.pageSpec(), workDir));
        tracker.pagesRendered(rendered.pages().size());
        return rendered;
    }

    public Extraction extract(RenderedDocument document) {
        MDC.put("sha256", document.source().sha256());
        Extraction extraction = timed(Stage.EXTRACT, () -> extractor.extract(document));
        if (extraction.usage() != null) {
            tracker.used(extraction.usage().promptTokens() + extraction.usage().completionTokens(),
                    extraction.usage().costUsd());
        }
        return extraction;
    }

    public ValidatedDocument validate(Extraction extraction) {
        return timed(Stage.VALIDATE, () -> validation.apply(extraction));
    }

    public void store(ValidatedDocument validated, Admission admission) {
        RecordStore.Stored stored = timed(Stage.STORE, () -> store.store(admission.documentId(), validated));
        renderer.discard(validated.extraction().document());
        LOG.info("{} ({}) stored as {}{}", admission.document().fileName(), admission.document().shortId(),
                stored.status().label(), stored.duplicateOf() == null ? "" : " of document " + stored.duplicateOf());
        disposition.succeeded(admission.document().sourceUri(), true);
        intake.release(admission.document());
        tracker.finished(switch (stored.status()) {
            case DUPLICATE -> Outcome.DUPLICATE;
            case NEEDS_REVIEW -> Outcome.NEEDS_REVIEW;
            default -> Outcome.VALID;
        });
        MDC.remove("sha256");
    }

    /** Records a failed document in the dead-letter queue and sets its input file aside. */
    public void deadLetter(Throwable error, Admission admission, String sourceUri, String fileName, String failedRouteId,
                           Integer redeliveries) {
        LedgerlensException failure = asFailure(error);
        Stage stage = stageOf(failedRouteId);
        String uri = admission != null ? admission.document().sourceUri() : sourceUri;
        String name = admission != null ? admission.document().fileName() : fileName;
        int attempts = 1 + (redeliveries == null ? 0 : redeliveries);
        deadLetters.add(new DeadLetterRepository.Entry(
                admission == null ? null : admission.documentId(),
                admission == null ? null : admission.document().sha256(),
                uri == null ? "unknown" : uri, name == null ? "unknown" : name, stage, attempts, failure));
        LOG.warn("{} dead-lettered at {}: {} ({})", name, stage.label(), failure.reason(), failure.getMessage());
        if (admission != null) {
            renderer.discard(admission.document(), workDir); // pages rendered before a later stage failed
        }
        disposition.failed(uri, admission != null);
        if (admission != null && admission.proceed()) {
            intake.release(admission.document());
        }
        tracker.deadLettered(failure.reason());
        MDC.remove("sha256");
    }

    /** A FATAL failure: nothing is dead-lettered, the document stays queued, the run stops. */
    public void fatal(Throwable error, Admission admission) {
        LedgerlensException failure = asFailure(error);
        if (tracker.fatalFailure().isEmpty()) {
            LOG.error("stopping the run: {} ({})", failure.reason(), failure.getMessage());
        }
        if (admission != null) {
            renderer.discard(admission.document(), workDir); // re-rendered when the next run takes it up
            if (admission.proceed()) {
                intake.release(admission.document());
            }
        }
        tracker.fatal(failure);
        MDC.remove("sha256");
    }

    private static LedgerlensException asFailure(Throwable error) {
        if (error instanceof LedgerlensException failure) {
            return failure;
        }
        LOG.error("unexpected error", error);
        return new LedgerlensException(FailureReason.INTERNAL_ERROR,
                error == null ? "unknown error" : error.getClass().getSimpleName() + ": " + error.getMessage(), error);
    }

    private static Stage stageOf(String routeId) {
        if (routeId == null) {
            return Stage.INGEST;
        }
        return switch (routeId) {
            case "render" -> Stage.RENDER;
            case "extract" -> Stage.EXTRACT;
            case "validate" -> Stage.VALIDATE;
            case "store" -> Stage.STORE;
            default -> Stage.INGEST;
        };
    }

    private <T> T timed(Stage stage, Supplier<T> work) {
        long start = System.nanoTime();
        try {
            return work.get();
        } finally {
            tracker.stageTime(stage, System.nanoTime() - start);
        }
    }
}
