package dev.ledgerlens.app;

import dev.ledgerlens.failure.FailureReason;
import dev.ledgerlens.failure.LedgerlensException;
import org.apache.camel.CamelContext;
import org.apache.camel.main.Main;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The running Camel application: Camel Main with the YAML routes from {@code routes/} and the
 * pipeline's beans bound by name. One instance per run; not reusable after {@link #close()}.
 */
public final class Pipeline implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Pipeline.class);

    /** How the source is read. */
    public enum Mode {
        /** Read what is there now, then finish. */
        ONCE,
        /** Keep polling until stopped. */
        WATCH
    }

    private final Main main;
    private final Source source;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();
    private final RunTracker tracker;
    private final Duration shutdownTimeout;

    private Pipeline(Main main, Source source, RunTracker tracker, Duration shutdownTimeout) {
        this.main = main;
        this.source = source;
        this.tracker = tracker;
        this.shutdownTimeout = shutdownTimeout;
    }

    /** What the pipeline reads and which route files make it. */
    public record Source(String endpointUri, String routeFile, String routeId) {
        /** A folder, read recursively, with a read lock so that a file still being written is never taken. */
        public static Source folder(Path input, Mode mode, String exclude, Duration pollDelay) {
            String uri = "file:" + input.toAbsolutePath().normalize()
                    + "?noop=true&recursive=true"
                    // the same name with other bytes (a new day's scan.pdf) is a new file
                    + "&idempotent=true&idempotentKey=${file:absolute.path}-${file:size}-${file:modified}"
                    // taken only once it stopped changing; files older than a second are taken at once
                    + "&readLock=changed&readLockMinAge=1s&readLockCheckInterval=500&readLockTimeout=60000"
                    // an empty file is a document too (dead-lettered as EMPTY_FILE), not a file still being written
                    + "&readLockMinLength=0"
                    + "&readLockLoggingLevel=OFF"
                    + (exclude == null || exclude.isBlank() ? "" : "&exclude=RAW(" + exclude + ")")
                    + "&initialDelay=0&delay=" + pollDelay.toMillis()
                    + (mode == Mode.ONCE ? "&sendEmptyMessageWhenIdle=true" : "");
            return new Source(uri, "source-file.yaml", "source-file");
        }

        /** No source: documents are sent to {@code direct:replay} (dead-letter replay). */
        public static Source replay() {
            return new Source(null, null, "replay");
        }
    }

    /**
     * Starts the routes. {@code beans} are bound by name for the routes ({@code steps} is required).
     */
    public static Pipeline start(Source source, Settings settings, Map<String, Object> beans, RunTracker tracker) {
        Main main = new Main();
        beans.forEach(main::bind);
        List<String> routeFiles = new java.util.ArrayList<>(List.of("errors.yaml", "ingest.yaml", "stages.yaml"));
        if (source.routeFile() != null) {
            routeFiles.add(source.routeFile());
        }
        main.configure().withName("ledgerlens")
                .withRoutesIncludePattern(String.join(",", routeFiles.stream().map(f -> "classpath:routes/" + f).toList()))
                // the application decides when to stop, not Camel Main's signal handling
                .withShutdownTimeout((int) Math.max(1, settings.shutdownTimeout().toSeconds()))
                .withJmxEnabled(false);
        Map<String, Object> properties = new LinkedHashMap<>();
        if (source.endpointUri() != null) {
            properties.put("ledgerlens.source.uri", source.endpointUri());
        }
        properties.put("ledgerlens.concurrency", String.valueOf(settings.concurrency()));
        properties.put("ledgerlens.redelivery.max", String.valueOf(settings.maxRedeliveries()));
        properties.put("ledgerlens.redelivery.delay-ms", String.valueOf(settings.redeliveryDelay().toMillis()));
        main.setInitialProperties(properties);
        try {
            main.start();
        } catch (Exception e) {
            throw new LedgerlensException(FailureReason.CONFIGURATION_INVALID,
                    "the pipeline's routes could not start: " + e.getMessage(), e);
        }
        return new Pipeline(main, source, tracker, settings.shutdownTimeout());
    }

    /** Exchanges anywhere in the routes, whatever their fate: Camel's count, not ours. */
    public int inFlight() {
        return main.getCamelContext().getInflightRepository().size();
    }

    public CamelContext camelContext() {
        return main.getCamelContext();
    }

    /**
     * Waits until the source ran dry and nothing is in flight, or a fatal failure stopped the run.
     * Returns false when interrupted.
     */
    public boolean awaitDrained() {
        try {
            while (!(tracker.isSourceIdle() && inFlight() == 0) && tracker.fatalFailure().isEmpty()) {
                TimeUnit.MILLISECONDS.sleep(100);
            }
            if (tracker.fatalFailure().isPresent()) {
                awaitInFlight(shutdownTimeout);
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Waits for documents in flight to leave the pipeline, at most {@code timeout}. */
    public void awaitInFlight(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (inFlight() > 0 && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(100);
        }
    }

    /**
     * Stops taking new documents, lets in-flight ones finish within the shutdown timeout, then stops.
     * Documents abandoned at the timeout stay 'processing' and are taken up by the next run.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (source.routeFile() != null) {
            try {
                main.getCamelContext().getRouteController().stopRoute(source.routeId());
            } catch (Exception e) {
                LOG.debug("source route already stopped: {}", e.getMessage());
            }
        }
        try {
            awaitInFlight(shutdownTimeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            main.stop();
        } catch (Exception e) {
            LOG.warn("the pipeline did not stop cleanly: {}", e.getMessage());
        }
    }
}
