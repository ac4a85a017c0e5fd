package dev.ledgerlens.app;

import dev.ledgerlens.extract.openai.BatchSettings;
import dev.ledgerlens.extract.openai.OpenAiExtractor;
import dev.ledgerlens.extract.openai.OpenAiSettings;
import dev.ledgerlens.failure.FailureReason;
import dev.ledgerlens.failure.LedgerlensException;
import dev.ledgerlens.store.BatchRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What one run does with OpenAI batches around its pipeline. Before the source is read: finish what a stopped run
 * left half-submitted, then collect the answers of the batches that ended. While it is read: documents batches gave
 * back to the queue are taken up again from their kept originals, and new documents are written into batch files
 * when the run submits ({@code --batch}). After: those files are submitted.
 * <p>
 * All of it happens under the batch lock (one process at a time; a run that submits waits for it, any other run
 * leaves batches to the process that holds it). With an engine other than OpenAI's, nothing happens. A failure of
 * the Batch API (a rejected key, a batch that failed) stops the run as a FATAL failure on the tracker.
 * Not thread-safe: one per run.
 */
final class BatchCycle implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BatchCycle.class);

    private final Application application;
    private final BatchStage stage;
    private final BatchSubmitter submitter;
    private final BatchRepository.Lock lock;

    private BatchCycle(Application application, BatchStage stage, BatchSubmitter submitter, BatchRepository.Lock lock) {
        this.application = application;
        this.stage = stage;
        this.submitter = submitter;
        this.lock = lock;
    }

    /**
     * Takes the batch lock, finishes what a stopped run left and collects ended batches.
     *
     * @param submit true: this run writes its new documents into batches ({@code --batch}); else as configured
     *               ({@code ledgerlens.openai.batch})
     */
    static BatchCycle open(Application application, RunTracker tracker, boolean submit) {
        BatchSettings settings = BatchSettings.from(application.config());
        boolean submitting = submit || settings.submit();
        OpenAiExtractor engine = application.extractor().as(OpenAiExtractor.class).orElse(null);
        if (engine == null) {
            if (submitting) {
                throw new LedgerlensException(FailureReason.CONFIGURATION_INVALID, "--batch (or " + BatchSettings.BATCH
                        + "=true) needs the openai engine: set OPENAI_API_KEY and LEDGERLENS_ENGINE=openai");
            }
            return new BatchCycle(application, null, null, null);
        }
        BatchRepository batches = application.batches();
        Optional<BatchRepository.Lock> lock = batches.lock(submitting);
        if (lock.isEmpty()) {
            LOG.info("another Ledgerlens process is handling OpenAI batches now: this run leaves them to it");
            return new BatchCycle(application, new BatchStage(engine, null, settings.reask(), batches), null, null);
        }
        BatchSubmitter submitter = new BatchSubmitter(engine, batches, directory(application),
                application.config().getString(OpenAiSettings.MODEL, "gpt-4.1-mini"));
        BatchStage stage = new BatchStage(engine, submitting ? submitter : null, settings.reask(), batches);
        BatchCycle cycle = new BatchCycle(application, stage, submitter, lock.get());
        try {
            submitter.recover(tracker);
            new BatchCollector(application, stage, directory(application)).collect(tracker);
        } catch (LedgerlensException failure) {
            LOG.error("OpenAI batches: {} ({})", failure.reason(), failure.getMessage());
            tracker.stopped(failure);
        }
        return cycle;
    }

    /** Collects ended batches only ({@code ledgerlens batch collect}). */
    static void collectOnly(Application application, RunTracker tracker) {
        try (BatchCycle cycle = open(application, tracker, false)) {
            if (cycle.stage == null) {
                throw new LedgerlensException(FailureReason.CONFIGURATION_INVALID,
                        "collecting OpenAI batches needs the openai engine: set OPENAI_API_KEY (and LEDGERLENS_ENGINE=openai)");
            }
            if (cycle.lock == null) {
                throw new LedgerlensException(FailureReason.CONFIGURATION_INVALID,
                        "another Ledgerlens process is handling OpenAI batches now; collect again when it is done");
            }
        }
    }

    /** What the stages need for batches in this run; null when the engine is not OpenAI's. */
    BatchStage stage() {
        return stage;
    }

    /** Takes up the documents batches gave back to the queue, through {@code pipeline}; returns when each left it. */
    void resume(Pipeline pipeline, RunTracker tracker) {
        if (lock == null || tracker.fatalFailure().isPresent()) {
            return;
        }
        List<ResumeRequest> queued = stage.batches().queued().stream()
                .map(document -> new ResumeRequest(document.documentId(), document.sha256(), document.sourceUri(),
                        document.fileName(), null, document.reask()))
                .toList();
        if (!queued.isEmpty()) {
            LOG.info("{} document(s) back in the queue from OpenAI batches are taken up again", queued.size());
        }
        ResumeFeed.send(pipeline, queued, application.settings().concurrency(), tracker);
    }

    /** Submits the batch files this run wrote (also after a fatal stop: what was written is within the budget). */
    void finish(RunTracker tracker) {
        if (stage == null || stage.submitter() == null) {
            return;
        }
        try {
            submitter.finish(tracker);
        } catch (LedgerlensException failure) {
            LOG.error("the batch could not be submitted: {} ({}); the next run submits it", failure.reason(),
                    failure.getMessage());
            tracker.stopped(new LedgerlensException(failure.reason(), "the batch could not be submitted ("
                    + failure.getMessage() + "); its documents wait, and the next run submits it", failure));
        }
    }

    @Override
    public void close() {
        if (lock != null) {
            lock.close();
        }
    }

    private static Path directory(Application application) {
        return application.settings().dataDir().resolve("batches");
    }
}
