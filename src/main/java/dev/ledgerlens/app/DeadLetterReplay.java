package dev.ledgerlens.app;

import dev.ledgerlens.ingest.InputDisposition;
import dev.ledgerlens.store.DeadLetter;
import org.apache.camel.ProducerTemplate;

import java.util.List;
import java.util.function.Consumer;

/**
 * Sends dead-lettered documents back through the pipeline from their kept originals ({@code dlq replay}). Each goes
 * through the run's own intake ({@code direct:replay}, then the same stages as any document). A letter is closed
 * only in the transaction that stores the document's record or writes its new dead letter: a fatal stop or a crash
 * mid-replay leaves it open, and the document in the queue. Not thread-safe: one replay per instance.
 */
public final class DeadLetterReplay {
    private final Application application;

    public DeadLetterReplay(Application application) {
        this.application = application;
    }

    /**
     * Replays {@code letters} and waits until every one has been stored or dead-lettered again (or a fatal failure
     * stopped the run).
     *
     * @param skipped told about each letter that cannot be replayed (no document, or its original is gone)
     * @return the run's summary; {@link RunTracker#fatalFailure()} says whether it stopped early
     */
    public RunTracker.Summary replay(List<DeadLetter> letters, RunTracker tracker, Consumer<String> skipped) {
        List<ReplayRequest> requests = letters.stream().filter(letter -> {
            boolean replayable = letter.documentId() != null && letter.sha256() != null
                    && application.originals().contains(letter.sha256());
            if (!replayable) {
                skipped.accept("dead letter " + letter.id() + " (" + letter.fileName() + ", " + letter.reason()
                        + "): no kept original to replay; drop the file in again");
            }
            return replayable;
        }).map(letter -> new ReplayRequest(letter.id(), letter.documentId(), letter.sha256(), letter.sourceUri(),
                letter.fileName())).toList();
        if (requests.isEmpty()) {
            return tracker.summary();
        }
        PipelineSteps steps = application.steps(application.settings().input(), InputDisposition.After.KEEP, tracker);
        Pipeline pipeline = application.start(Pipeline.Source.replay(), steps, tracker);
        application.attach(pipeline); // a signal now stops it gracefully
        try {
            ProducerTemplate producer = pipeline.camelContext().createProducerTemplate();
            for (ReplayRequest request : requests) {
                if (tracker.fatalFailure().isPresent()) {
                    break; // the rest stay in the queue, their letters open
                }
                producer.sendBody("direct:replay", request);
            }
            tracker.sourceIdle();
            pipeline.awaitDrained();
        } finally {
            pipeline.close();
        }
        return tracker.summary();
    }
}
