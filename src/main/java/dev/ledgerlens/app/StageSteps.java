package dev.ledgerlens.app;

import dev.ledgerlens.app.RunTracker.Outcome;
import dev.ledgerlens.extract.Extraction;
import dev.ledgerlens.extract.Extractor;
import dev.ledgerlens.failure.LedgerlensException;
import dev.ledgerlens.failure.Stage;
import dev.ledgerlens.ingest.Admission;
import dev.ledgerlens.render.DocumentRenderer;
import dev.ledgerlens.render.RenderedDocument;
import dev.ledgerlens.store.RecordRepository;
import dev.ledgerlens.validate.ValidatedDocument;
import dev.ledgerlens.validate.ValidationStep;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.nio.file.Path;

/**
 * The beans the stage routes call (bound as {@code stages}): one timed delegation per stage to the stage's own
 * class, so the routes stay orchestration only and the stage classes stay free of Camel. Thread-safe.
 */
public final class StageSteps {
    private static final Logger LOG = LoggerFactory.getLogger(StageSteps.class);

    private final DocumentRenderer renderer;
    private final Extractor extractor;
    private final ValidationStep validation;
    private final RecordRepository records;
    private final DocumentExits exits;
    private final RunTracker tracker;
    private final Path workDir;

    StageSteps(DocumentRenderer renderer, Extractor extractor, ValidationStep validation, RecordRepository records,
               DocumentExits exits, RunTracker tracker, Path workDir) {
        this.renderer = renderer;
        this.extractor = extractor;
        this.validation = validation;
        this.records = records;
        this.exits = exits;
        this.tracker = tracker;
        this.workDir = workDir;
    }

    public RenderedDocument render(Admission admission) {
        MDC.put("sha256", admission.document().sha256());
        tracker.fatalFailure().ifPresent(fatal -> {
            // the run is stopping: leave this document queued instead of spending on it
            throw new LedgerlensException(fatal.reason(), "not started: the run is stopping (" + fatal.getMessage() + ")");
        });
        RenderedDocument rendered = tracker.timed(Stage.RENDER,
                () -> renderer.render(admission.document(), extractor.pageSpec(), workDir));
        tracker.pagesRendered(rendered.pages().size());
        return rendered;
    }

    public Extraction extract(RenderedDocument document) {
        MDC.put("sha256", document.source().sha256());
        Extraction extraction = tracker.timed(Stage.EXTRACT, () -> extractor.extract(document));
        if (extraction.usage() != null) {
            tracker.used(extraction.usage().promptTokens() + extraction.usage().completionTokens(),
                    extraction.usage().costUsd());
        }
        return extraction;
    }

    public ValidatedDocument validate(Extraction extraction) {
        return tracker.timed(Stage.VALIDATE, () -> validation.apply(extraction));
    }

    public void store(ValidatedDocument validated, Admission admission) {
        RecordRepository.StoreResult stored = tracker.timed(Stage.STORE,
                () -> records.store(admission.documentId(), validated));
        LOG.info("{} ({}) stored as {}{}", admission.document().fileName(), admission.document().shortId(),
                stored.status().label(), stored.duplicateOf() == null ? "" : " of document " + stored.duplicateOf());
        exits.stored(admission, switch (stored.status()) {
            case DUPLICATE -> Outcome.DUPLICATE;
            case NEEDS_REVIEW -> Outcome.NEEDS_REVIEW;
            default -> Outcome.VALID;
        });
    }
}
