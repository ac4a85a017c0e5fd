package dev.ledgerlens.app;

import dev.ledgerlens.extract.openai.BatchResult;
import dev.ledgerlens.extract.openai.OpenAiBatches;
import dev.ledgerlens.failure.FailureReason;
import dev.ledgerlens.failure.LedgerlensException;
import dev.ledgerlens.ingest.InputDisposition;
import dev.ledgerlens.store.BatchRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects the answers of OpenAI batches: polls every open batch, and for one that ended (completed, expired,
 * cancelled) downloads its output and error files and sends each answer through the same validation, re-ask, store and
 * dead-letter path as an online answer (the pipeline, from the document's kept original). A line of the error file is
 * dead-lettered as BATCH_REQUEST_FAILED with the API's error; a request the batch never ran (it expired or was
 * cancelled first) goes back to the queue. A batch that failed as a whole gives its documents back to the queue and
 * stops the run (BATCH_FAILED) with the API's message.
 * <p>
 * Collecting twice stores once: only lines whose document is still {@code submitted} are taken, and storing or
 * dead-lettering a document ends that in the same transaction. Not thread-safe: one collect at a time, under the batch
 * lock.
 */
final class BatchCollector {
    private static final Logger LOG = LoggerFactory.getLogger(BatchCollector.class);

    private final Application application;
    private final BatchStage stage;
    private final OpenAiBatches api;
    private final Path directory;

    /** @param directory where downloaded output and error files are kept */
    BatchCollector(Application application, BatchStage stage, Path directory) {
        this.application = application;
        this.stage = stage;
        this.api = stage.engine().batches();
        this.directory = directory;
    }

    /** An ended batch, its error lines, and the API's message when it failed as a whole. */
    private record Ended(BatchRepository.Batch batch, OpenAiBatches.RemoteBatch remote, List<String> failedLines,
                         long answered, long requeued, long failed, String failure) {
    }

    /** Polls every open batch and collects the ended ones; what happened to each is noted in the run's summary. */
    void collect(RunTracker tracker) {
        BatchRepository batches = stage.batches();
        List<ResumeRequest> answers = new ArrayList<>();
        List<Ended> ended = new ArrayList<>();
        for (BatchRepository.Batch batch : batches.open()) {
            try {
                poll(batch, answers, ended, tracker);
            } catch (LedgerlensException failure) {
                if (!failure.isTransient()) {
                    throw failure;
                }
                // the API or the network failing now (after the SDK's retries) is no reason to stop the run: the
                // batch stays open, its documents submitted, and the next collect polls it again
                LOG.warn("batch {} could not be polled now: {} ({})", batch.batchId(), failure.reason(), failure.getMessage());
                tracker.batch(new RunTracker.BatchNote(batch.batchId(), RunTracker.BatchEvent.WAITING, null,
                        batch.requestCount(), 0, 0, 0, batch.expiresAt() == null ? null : batch.expiresAt().toInstant(),
                        failure.reason() + ": " + failure.getMessage()));
            }
        }
        if (!answers.isEmpty()) {
            run(answers, tracker);
        }
        close(ended, tracker);
    }

    /** Polls one batch; an ended one's answers join {@code answers} and the batch joins {@code ended}. */
    private void poll(BatchRepository.Batch batch, List<ResumeRequest> answers, List<Ended> ended, RunTracker tracker) {
        BatchRepository batches = stage.batches();
        OpenAiBatches.RemoteBatch remote = api.retrieve(batch.batchId());
        batches.polled(batch.id(), remote.status(), remote.completed(), remote.failed(),
                remote.outputFileId().orElse(null), remote.errorFileId().orElse(null), remote.endedAt().orElse(null));
        if (!remote.ended()) {
            LOG.info("batch {} is {}: {} of {} answered so far", remote.id(), remote.status(), remote.completed(),
                    remote.total());
            tracker.batch(new RunTracker.BatchNote(remote.id(), RunTracker.BatchEvent.WAITING, remote.status(),
                    batch.requestCount(), remote.completed(), 0, remote.failed(), remote.expiresAt().orElse(null), null));
            return;
        }
        if ("failed".equals(remote.status())) {
            String message = remote.errors().isEmpty() ? "no reason given" : String.join("; ", remote.errors());
            ended.add(new Ended(batch, remote, List.of(), 0, 0, 0, message));
            return;
        }
        Map<String, BatchResult> results = results(remote);
        List<String> failedLines = results.values().stream().filter(r -> !r.answered() && !r.notRun())
                .map(BatchResult::customId).toList();
        long latency = batch.submittedAt() == null ? 0 : Duration.between(batch.submittedAt().toInstant(),
                remote.endedAt().orElse(Instant.now())).toMillis();
        long answered = 0;
        long requeued = 0;
        long failed = 0;
        for (BatchRepository.Awaiting line : batches.awaiting(batch.id())) {
            BatchResult result = results.get(line.customId());
            if (result == null || result.notRun()) {
                batches.requeue(line.requestId());
                requeued++;
                continue;
            }
            if (result.answered()) {
                answered++;
            } else {
                failed++; // dead-lettered on its way through the pipeline, with the API's error
            }
            answers.add(new ResumeRequest(line.documentId(), line.sha256(), line.sourceUri(), line.fileName(),
                    new CollectedAnswer(line.requestId(), remote.id(), result, line.estimatedTokens(), latency,
                            line.earlier()), null));
        }
        LOG.info("batch {} is {}: {} answer(s) to read, {} failed line(s), {} document(s) back in the queue",
                remote.id(), remote.status(), answered, failed, requeued);
        ended.add(new Ended(batch, remote, failedLines, answered, requeued, failed, null));
    }

    /** Closes the ended batches; one that failed as a whole stops the run (BATCH_FAILED) with the API's message. */
    private void close(List<Ended> ended, RunTracker tracker) {
        BatchRepository batches = stage.batches();
        LedgerlensException failure = null;
        for (Ended batch : ended) {
            boolean closed = batches.close(batch.batch().id(), batch.failedLines(), batch.failure());
            if (batch.failure() != null) {
                LOG.error("batch {} failed: {}", batch.remote().id(), batch.failure());
                tracker.batch(new RunTracker.BatchNote(batch.remote().id(), RunTracker.BatchEvent.FAILED,
                        batch.remote().status(), batch.batch().requestCount(), 0, batch.batch().requestCount(), 0, null,
                        batch.failure()));
                if (failure == null) {
                    failure = new LedgerlensException(FailureReason.BATCH_FAILED, "OpenAI batch " + batch.remote().id()
                            + " failed: " + batch.failure() + "; its " + batch.batch().requestCount()
                            + " document(s) are back in the queue for the next run");
                }
                continue;
            }
            tracker.batch(new RunTracker.BatchNote(batch.remote().id(), closed ? RunTracker.BatchEvent.COLLECTED : RunTracker.BatchEvent.COLLECTING,
                    batch.remote().status(), batch.batch().requestCount(), batch.answered(), batch.requeued(),
                    batch.failed(), null, null));
        }
        if (failure != null) {
            tracker.stopped(failure);
        }
    }

    /** The batch's output lines, then its error lines, by custom id (an answer wins over an error for the same id). */
    private Map<String, BatchResult> results(OpenAiBatches.RemoteBatch remote) {
        Map<String, BatchResult> results = new LinkedHashMap<>();
        if (remote.errorFileId().isPresent()) {
            read(remote.errorFileId().get(), remote.id() + "-errors.jsonl").forEach(r -> results.put(r.customId(), r));
        }
        if (remote.outputFileId().isPresent()) {
            read(remote.outputFileId().get(), remote.id() + "-output.jsonl").forEach(r -> results.put(r.customId(), r));
        }
        return results;
    }

    private List<BatchResult> read(String fileId, String name) {
        Path file = api.download(fileId, directory.resolve(name));
        try (InputStream content = Files.newInputStream(file)) {
            return BatchResult.readAll(content);
        } catch (IOException e) {
            throw new LedgerlensException(FailureReason.INTERNAL_ERROR, "cannot read the downloaded batch file " + file, e);
        }
    }

    /** Sends the answers through the pipeline and waits until each is stored, dead-lettered or queued again. */
    private void run(List<ResumeRequest> answers, RunTracker tracker) {
        PipelineSteps steps = application.steps(application.settings().input(), InputDisposition.After.KEEP, tracker,
                null, stage);
        Pipeline pipeline = application.start(Pipeline.Source.replay(), steps, tracker);
        application.attach(pipeline); // a signal now stops it gracefully
        try {
            ResumeFeed.send(pipeline, answers, application.settings().concurrency(), tracker);
            tracker.sourceIdle();
            pipeline.awaitDrained();
        } finally {
            pipeline.close();
        }
    }
}
