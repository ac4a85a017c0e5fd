package dev.ledgerlens.app;

import dev.ledgerlens.failure.FailureReason;
import dev.ledgerlens.failure.LedgerlensException;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sends documents taken up from their kept originals ({@link ResumeRequest}s) into a running pipeline's
 * {@code direct:resume}, {@code concurrency} at a time, and returns when every one has left the pipeline (stored,
 * dead-lettered, submitted or queued again). Documents not yet sent when a fatal failure stops the run stay as they
 * are in the database, for the next run.
 */
final class ResumeFeed {
    private static final Logger LOG = LoggerFactory.getLogger(ResumeFeed.class);

    private ResumeFeed() {
    }

    static void send(Pipeline pipeline, List<ResumeRequest> requests, int concurrency, RunTracker tracker) {
        if (requests.isEmpty()) {
            return;
        }
        AtomicInteger threads = new AtomicInteger();
        ExecutorService senders = Executors.newFixedThreadPool(Math.min(concurrency, requests.size()), runnable -> {
            Thread thread = new Thread(runnable, "ledgerlens-resume-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        ProducerTemplate producer = pipeline.camelContext().createProducerTemplate();
        try {
            List<Future<?>> sent = new ArrayList<>(requests.size());
            for (ResumeRequest request : requests) {
                sent.add(senders.submit(() -> {
                    if (tracker.fatalFailure().isEmpty()) {
                        // returns once the document has left the pipeline; the error policy handles its failures
                        producer.sendBody("direct:resume", request);
                    }
                }));
            }
            for (Future<?> each : sent) {
                each.get();
            }
        } catch (ExecutionException e) {
            // not a document's failure (the routes handle those): the pipeline itself broke; what was not done stays
            // queued or submitted in the database
            Throwable cause = e.getCause() instanceof CamelExecutionException camel && camel.getCause() != null
                    ? camel.getCause() : e.getCause();
            throw new LedgerlensException(FailureReason.INTERNAL_ERROR, "taking documents up again from their kept"
                    + " originals stopped: " + cause, cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            senders.shutdownNow();
            try {
                producer.stop();
            } catch (RuntimeException e) {
                LOG.debug("producer did not stop cleanly: {}", e.toString());
            }
        }
    }
}
