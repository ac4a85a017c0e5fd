package dev.ledgerlens.app;

import dev.ledgerlens.extract.openai.OpenAiBatches;
import dev.ledgerlens.extract.openai.OpenAiExtractor;
import dev.ledgerlens.failure.FailureReason;
import dev.ledgerlens.failure.LedgerlensException;
import dev.ledgerlens.store.BatchRepository;

/**
 * What an operator does with OpenAI batches from the command line ({@code ledgerlens batch collect|cancel}); listing
 * and showing read {@link Application#batches()} directly.
 */
public final class BatchOperator {
    private final Application application;

    public BatchOperator(Application application) {
        this.application = application;
    }

    /**
     * Polls every open batch and collects the ended ones, as {@code run --once} does first; the answers go through
     * validation and the store, and what happened to each batch is noted on the tracker.
     */
    public RunTracker.Summary collect(RunTracker tracker) {
        BatchCycle.collectOnly(application, tracker);
        return tracker.summary();
    }

    /**
     * Asks OpenAI to cancel a batch. It is {@code cancelling} for up to 10 minutes, then {@code cancelled}; the next
     * collect stores what it answered and gives the rest back to the queue.
     *
     * @param id our batch number or OpenAI's batch id
     */
    public OpenAiBatches.RemoteBatch cancel(String id) {
        BatchRepository.Batch batch = application.batches().find(id).orElseThrow(() -> new LedgerlensException(
                FailureReason.CONFIGURATION_INVALID, "no batch " + id + " (see 'ledgerlens batch list')"));
        if (!"open".equals(batch.state())) {
            throw new LedgerlensException(FailureReason.CONFIGURATION_INVALID, "batch " + batch.label() + " is "
                    + batch.state() + ", not open at OpenAI: nothing to cancel");
        }
        OpenAiExtractor engine = application.extractor().as(OpenAiExtractor.class).orElseThrow(() ->
                new LedgerlensException(FailureReason.CONFIGURATION_INVALID,
                        "cancelling an OpenAI batch needs the openai engine: set OPENAI_API_KEY (and LEDGERLENS_ENGINE=openai)"));
        OpenAiBatches.RemoteBatch remote = engine.batches().cancel(batch.batchId());
        application.batches().polled(batch.id(), remote.status(), remote.completed(), remote.failed(),
                remote.outputFileId().orElse(null), remote.errorFileId().orElse(null), remote.endedAt().orElse(null));
        return remote;
    }
}
