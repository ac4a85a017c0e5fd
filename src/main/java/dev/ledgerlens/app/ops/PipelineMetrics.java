package dev.ledgerlens.app.ops;

import dev.ledgerlens.app.RunTracker;
import dev.ledgerlens.failure.Stage;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/**
 * Ledgerlens' own metrics in Micrometer, scraped in the Prometheus text format: documents by outcome,
 * pages, tokens, cost, per-stage latency histograms and the number of documents in the pipeline.
 * Counters read the {@link RunTracker}; latencies are recorded as the tracker reports them.
 * Thread-safe.
 */
public final class PipelineMetrics {
    private static final Duration[] BUCKETS = {Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofMillis(100),
        Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500),
        Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(60),
        Duration.ofSeconds(120), Duration.ofSeconds(300)};

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Map<Stage, Timer> stageTimers = new EnumMap<>(Stage.class);

    /**
     * @param tracker  the running pipeline's counts
     * @param inFlight documents anywhere in the pipeline right now (Camel's inflight repository)
     */
    public PipelineMetrics(RunTracker tracker, IntSupplier inFlight) {
        for (RunTracker.Outcome outcome : RunTracker.Outcome.values()) {
            FunctionCounter.builder("ledgerlens_documents", tracker, t -> t.count(outcome))
                    .description("Documents that left the pipeline, by outcome")
                    .tag("outcome", outcome.name().toLowerCase(Locale.ROOT)).register(registry);
        }
        FunctionCounter.builder("ledgerlens_pages", tracker, RunTracker::pages)
                .description("Pages rendered").register(registry);
        FunctionCounter.builder("ledgerlens_tokens", tracker, RunTracker::tokens)
                .description("Model tokens used (prompt + completion)").register(registry);
        FunctionCounter.builder("ledgerlens_cost_usd", tracker, t -> t.costUsd().doubleValue())
                .description("Estimated model cost in USD").register(registry);
        Gauge.builder("ledgerlens_queue_depth", inFlight, supplier -> supplier.getAsInt())
                .description("Documents admitted and not yet finished (in a stage or waiting for a worker)")
                .strongReference(true)
                .register(registry);
        for (Stage stage : Stage.values()) {
            stageTimers.put(stage, Timer.builder("ledgerlens_stage_duration")
                    .description("Time one document spent in a stage")
                    .tag("stage", stage.label())
                    // a page renders in ~0.1 s, OCR takes ~0.3 s a page, a model answer seconds to minutes
                    .serviceLevelObjectives(BUCKETS)
                    .register(registry));
        }
        tracker.addStageListener((stage, nanos) -> stageTimers.get(stage).record(nanos, TimeUnit.NANOSECONDS));
    }

    /** The Prometheus text exposition of every metric. */
    public String scrape() {
        return registry.scrape();
    }
}
