package dev.ledgerlens.app;

import dev.ledgerlens.app.RunTracker.Outcome;
import dev.ledgerlens.extract.Extraction;
import dev.ledgerlens.extract.Extractor;
import dev.ledgerlens.extract.offline.SecondReading;
import dev.ledgerlens.extract.RawFields;
import dev.ledgerlens.extract.Usage;
import dev.ledgerlens.extract.openai.BatchLine;
import dev.ledgerlens.extract.openai.BatchSettings;
import dev.ledgerlens.failure.Violation;
import dev.ledgerlens.store.BatchRepository;
import dev.ledgerlens.failure.LedgerlensException;
import dev.ledgerlens.failure.Stage;
import dev.ledgerlens.ingest.Admission;
import dev.ledgerlens.render.DocumentRenderer;
import dev.ledgerlens.render.RenderedDocument;
import dev.ledgerlens.store.RecordRepository;
import dev.ledgerlens.validate.RecordStatus;
import dev.ledgerlens.validate.ReviewReason;
import dev.ledgerlens.validate.ValidatedDocument;
import dev.ledgerlens.validate.ValidationStep;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

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
    /** Null when the engine is not OpenAI's: no document is collected from or written into a batch. */
    private final BatchStage batch;

    StageSteps(DocumentRenderer renderer, Extractor extractor, ValidationStep validation, RecordRepository records,
               DocumentExits exits, RunTracker tracker, Path workDir, BatchStage batch) {
        this.batch = batch;
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

    // ------------------------------------------------------------------------------------------------ OpenAI batches

    /** True when the document comes with an answer collected from a batch: the answer is read, the model not asked. */
    public boolean collected(ResumeRequest resume) {
        return resume != null && resume.answer() != null;
    }

    /** The extraction a collected batch line holds (a failed line fails here as BATCH_REQUEST_FAILED). */
    public Extraction answer(RenderedDocument document, ResumeRequest resume) {
        MDC.put("sha256", document.source().sha256());
        CollectedAnswer answer = resume.answer();
        BatchRepository.FirstAnswer first = answer.earlier();
        Extraction earlier = first == null ? null : new Extraction(document, batch.engine().name(), RawFields.empty(),
                Map.of(), List.of(first.answer()), first.usage(), Map.of());
        Extraction extraction = tracker.timed(Stage.EXTRACT, () -> batch.engine().batchAnswer(document, answer.result(),
                answer.estimatedTokens(), answer.latencyMillis(), earlier));
        // the scanned pages of a collected answer are read a second time, as an online answer's are
        Extraction checked = extractor.as(SecondReading.class).map(reading -> reading.read(extraction)).orElse(extraction);
        Usage usage = extraction.usage();
        // a re-ask's extraction carries its first answer's usage too, which an earlier run already counted
        Usage counted = first == null ? usage : new Usage(usage.model(), 0,
                usage.promptTokens() - first.usage().promptTokens(), usage.completionTokens() - first.usage().completionTokens(),
                0, usage.costUsd().subtract(first.usage().costUsd()), 0, null);
        tracker.used(counted.promptTokens() + counted.completionTokens(), counted.costUsd());
        return checked;
    }

    /** True when this run writes its documents into batches and this one fits in one request (else it goes online). */
    public boolean batching(RenderedDocument document) {
        return batch != null && batch.submitter() != null && batch.engine().fitsOneRequest(document);
    }

    /** Writes the document's request (or its owed re-ask) into this run's batch file; it waits there for its answer. */
    public void submit(RenderedDocument document, Admission admission, ResumeRequest resume) {
        BatchLine line = tracker.timed(Stage.EXTRACT, () -> batch.submitter().add(admission.documentId(), document,
                resume == null ? null : resume.reask()));
        tracker.batchLine(line.estimatedTokens(), line.worstCostUsd());
        LOG.info("{} ({}) goes into an OpenAI batch as {}", admission.document().fileName(), admission.document().shortId(),
                line.customId());
        exits.submitted(admission);
    }

    /**
     * True when a first answer collected from a batch fails the hard constraints and re-asks go into the next batch
     * ({@code ledgerlens.openai.batch-reask=batch}).
     */
    public boolean reaskLater(Extraction extraction, ResumeRequest resume) {
        return collected(resume) && resume.answer().earlier() == null && batch.reask() == BatchSettings.Reask.BATCH
                && !validation.violations(extraction).isEmpty();
    }

    /** Keeps the failed answer and its violations for the re-ask, and puts the document back in the queue for it. */
    public void deferReask(Extraction extraction, Admission admission, ResumeRequest resume) {
        List<Violation> violations = validation.violations(extraction);
        batch.batches().deferReask(resume.answer().requestId(), extraction.answers().get(0), violations, extraction.usage());
        LOG.info("{} ({}) fails {}: its re-ask goes into the next batch", admission.document().fileName(),
                admission.document().shortId(), violations);
        exits.requeued(admission);
    }

    /** Validates; the answer to a re-ask collected from a batch is not re-asked again. */
    public ValidatedDocument validate(Extraction extraction, ResumeRequest resume) {
        if (collected(resume) && resume.answer().earlier() != null) {
            BatchRepository.FirstAnswer first = resume.answer().earlier();
            return tracker.timed(Stage.VALIDATE,
                    () -> validation.applyReasked(extraction, first.violations(), List.of(first.answer())));
        }
        return validate(extraction);
    }

    public void store(ValidatedDocument validated, Admission admission) {
        RecordRepository.StoreResult stored = tracker.timed(Stage.STORE,
                () -> records.store(admission.documentId(), validated));
        LOG.info("{} ({}) stored as {}{}", admission.document().fileName(), admission.document().shortId(),
                stored.status().label(), stored.duplicateOf() == null ? "" : " of document " + stored.duplicateOf());
        if (stored.status() == RecordStatus.NEEDS_REVIEW) {
            tracker.reviewed(validated.reasons().stream().filter(ReviewReason::sendsToReview)
                    .map(ReviewReason::rule).distinct().toList());
        }
        exits.stored(admission, switch (stored.status()) {
            case DUPLICATE -> Outcome.DUPLICATE;
            case NEEDS_REVIEW -> Outcome.NEEDS_REVIEW;
            default -> Outcome.VALID;
        });
    }
}
