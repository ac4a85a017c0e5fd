package dev.ledgerlens.app;

import dev.ledgerlens.failure.FailureReason;
import dev.ledgerlens.failure.LedgerlensException;
import dev.ledgerlens.ingest.ClaimSettings;
import dev.ledgerlens.ingest.S3Settings;
import dev.ledgerlens.ingest.SourceClaims;
import org.apache.camel.CamelContext;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;
import org.apache.camel.support.processor.idempotent.MemoryIdempotentRepository;
import org.apache.camel.support.service.ServiceHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
    private final PipelineDrain drain;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();
    private final RunTracker tracker;
    private final Duration shutdownTimeout;

    private Pipeline(Main main, Source source, RunTracker tracker, Duration shutdownTimeout, PipelineDrain drain) {
        this.drain = drain;
        this.main = main;
        this.source = source;
        this.tracker = tracker;
        this.shutdownTimeout = shutdownTimeout;
    }

    /**
     * What the pipeline reads: the route file and id of its source, and the values that vary by run which that
     * route's endpoint takes as properties (the options that never vary are written in the route file).
     */
    public record Source(String routeFile, String routeId, Map<String, String> properties) {
        /** A folder, read recursively, with a read lock so that a file still being written is never taken. */
        public static Source folder(Path input, Mode mode, String exclude, Duration pollDelay) {
            return folder(input, mode, exclude, pollDelay, null);
        }

        /**
         * A folder polled on a Quartz cron {@code schedule} (e.g. {@code 0 0 2 * * ?}) instead of every
         * {@code pollDelay}; null or blank = continuous polling.
         */
        public static Source folder(Path input, Mode mode, String exclude, Duration pollDelay, String schedule) {
            Map<String, String> properties = polling(mode, pollDelay, schedule);
            properties.put("source.folder", input.toAbsolutePath().normalize().toString());
            if (exclude != null && !exclude.isBlank()) {
                properties.put("source.exclude", "RAW(" + exclude + ")");
            }
            return new Source("source-file.yaml", "source-file", properties);
        }

        /**
         * A bucket prefix, read with the client bound as {@code ledgerlensS3}. The consumer neither deletes
         * nor moves: the pipeline does, once it knows whether the document was stored or dead-lettered.
         */
        public static Source s3(S3Settings s3, Mode mode, Duration pollDelay, String schedule) {
            Map<String, String> properties = polling(mode, pollDelay, schedule);
            properties.put("source.bucket", s3.bucket());
            properties.put("source.prefix", "RAW(" + s3.prefix() + ")");
            return new Source("source-s3.yaml", "source-s3", properties);
        }

        private static Map<String, String> polling(Mode mode, Duration pollDelay, String schedule) {
            Map<String, String> properties = new LinkedHashMap<>();
            properties.put("source.delay-ms", String.valueOf(pollDelay.toMillis()));
            if (schedule != null && !schedule.isBlank()) {
                // Camel's Quartz scheduler fires the poll; the expression is taken as written
                properties.put("source.scheduler", "quartz");
                properties.put("source.cron", "RAW(" + schedule.trim() + ")");
                properties.put("source.trigger-group", "ledgerlens");
            }
            properties.put("source.once", String.valueOf(mode == Mode.ONCE));
            return properties;
        }

        /** No source: documents are sent to {@code direct:replay} (dead-letter replay). */
        public static Source replay() {
            return new Source(null, "replay", Map.of());
        }
    }

    /**
     * Starts the routes. {@code beans} are bound by name for the routes (see {@link PipelineSteps#beans()}).
     * Source claims are kept in memory: use the other overload for instances that share a database.
     */
    public static Pipeline start(Source source, Settings settings, Map<String, Object> beans, RunTracker tracker) {
        return start(source, settings, beans, tracker, null, null);
    }

    /**
     * Starts the routes, with the source's claims ({@link SourceClaims}, bound as {@code ledgerlensClaims})
     * kept in {@code claimsDatabase} so that instances sharing it never read the same file or object at once.
     */
    public static Pipeline start(Source source, Settings settings, Map<String, Object> beans, RunTracker tracker,
                                 DataSource claimsDatabase, ClaimSettings claims) {
        Main main = new Main();
        beans.forEach(main::bind);
        PipelineDrain drain = new PipelineDrain();
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void beforeConfigure(BaseMainSupport running) {
                CamelContext context = running.getCamelContext();
                context.getManagementStrategy().addEventNotifier(drain);
                context.getRegistry().bind("ledgerlensClaims", claimsDatabase == null
                        // no shared database given: claims only exclude this process's own consumers
                        ? MemoryIdempotentRepository.memoryIdempotentRepository(100_000)
                        : new SourceClaims(claimsDatabase, context, claims.maxAge(), claims.keepAlive()));
                // rendered documents waiting for an engine slot: one per slot keeps every slot fed
                context.getRegistry().bind("renderBacklog", new RenderBacklog(settings.concurrency()));
                // Files and objects this instance finished, so that a run over a folder or prefix of kept files
                // reads each once and then goes idle: a name pushed out of this memory is read again on the next
                // poll. 1,000,000 names (~150 MB only when a folder or prefix really holds that many).
                context.getRegistry().bind("ledgerlensFilesSeen", MemoryIdempotentRepository.memoryIdempotentRepository(1_000_000));
                context.getRegistry().bind("ledgerlensSeen", MemoryIdempotentRepository.memoryIdempotentRepository(1_000_000));
                context.getRegistry().bind("ledgerlensFolderFilter", new FolderEntryFilter());
            }
        });
        List<String> routeFiles = new java.util.ArrayList<>(List.of("errors.yaml", "ingest.yaml", "stages.yaml"));
        if (source.routeFile() != null) {
            routeFiles.add(source.routeFile());
        }
        main.configure().withName("ledgerlens")
                .withRoutesIncludePattern(String.join(",", routeFiles.stream().map(f -> "classpath:routes/" + f).toList()))
                // the application decides when to stop, not Camel Main's signal handling
                .withShutdownTimeout((int) Math.max(1, settings.shutdownTimeout().toSeconds()))
                .withJmxEnabled(false);
        Map<String, Object> properties = new LinkedHashMap<>(source.properties());
        properties.put("ledgerlens.concurrency", String.valueOf(settings.concurrency()));
        properties.put("ledgerlens.render-threads", String.valueOf(settings.renderThreads()));
        properties.put("ledgerlens.redelivery.max", String.valueOf(settings.maxRedeliveries()));
        properties.put("ledgerlens.redelivery.delay-ms", String.valueOf(settings.redeliveryDelay().toMillis()));
        main.setInitialProperties(properties);
        try {
            main.start();
        } catch (Exception e) {
            throw new LedgerlensException(FailureReason.CONFIGURATION_INVALID,
                    "the pipeline's routes could not start: " + e.getMessage(), e);
        }
        return new Pipeline(main, source, tracker, settings.shutdownTimeout(), drain);
    }

    /** Exchanges anywhere in the routes, whatever their fate: Camel's count, not ours. */
    public int inFlight() {
        return main.getCamelContext().getInflightRepository().size();
    }

    public CamelContext camelContext() {
        return main.getCamelContext();
    }

    /**
     * Waits until the source ran dry and nothing is in flight, or a fatal failure stopped the run (then at most the
     * shutdown timeout for the documents in flight). Returns false when interrupted.
     */
    public boolean awaitDrained() {
        try {
            drain.await(() -> (tracker.isSourceIdle() && inFlight() == 0) || tracker.fatalFailure().isPresent(),
                    FOREVER);
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
        drain.await(() -> inFlight() == 0, timeout);
    }

    /** A run --once has no time limit of its own: cron, systemd or Kubernetes bound it if they must. */
    private static final Duration FOREVER = Duration.ofDays(36_500);

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
                // the consumer only: stopping the route would wait for its in-flight documents a first time
                ServiceHelper.stopService(main.getCamelContext().getRoute(source.routeId()).getConsumer());
            } catch (RuntimeException e) {
                LOG.debug("source route already stopped: {}", e.getMessage());
            }
        }
        try {
            awaitInFlight(shutdownTimeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (inFlight() > 0) {
            LOG.warn("stopping with {} document(s) still in flight: they stay queued and are taken up by the next run",
                    inFlight());
        }
        // the wait above was the grace period: Camel must not wait as long again
        main.getCamelContext().getShutdownStrategy().setTimeout(1);
        try {
            main.stop();
        } catch (Exception e) {
            LOG.warn("the pipeline did not stop cleanly: {}", e.getMessage());
        }
    }
}
