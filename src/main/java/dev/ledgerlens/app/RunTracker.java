package dev.ledgerlens.app;

import dev.ledgerlens.failure.FailureReason;
import dev.ledgerlens.failure.LedgerlensException;
import dev.ledgerlens.failure.Stage;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts what one run did, for the progress bar, the summary table and the exit code, and records
 * when the source ran dry (for {@code run --once}; "nothing in flight" is Camel's inflight repository).
 * Thread-safe.
 */
public final class RunTracker {
    /** How a document left the pipeline in this run. */
    public enum Outcome { VALID, NEEDS_REVIEW, DUPLICATE, DEAD_LETTERED, ALREADY_KNOWN, LEFT_QUEUED }

    private final long startNanos = System.nanoTime();
    private final LongAdder admitted = new LongAdder();
    private final LongAdder pages = new LongAdder();
    private final Map<Outcome, LongAdder> outcomes = new EnumMap<>(Outcome.class);
    private final Map<FailureReason, LongAdder> deadLetterReasons = new ConcurrentHashMap<>();
    private final Map<Stage, LongAdder> stageNanos = new EnumMap<>(Stage.class);
    private final AtomicReference<LedgerlensException> fatal = new AtomicReference<>();
    private volatile boolean sourceIdle;
    private volatile Runnable onChange = () -> { };
    private final LongAdder tokens = new LongAdder();
    private final AtomicReference<java.math.BigDecimal> costUsd = new AtomicReference<>(java.math.BigDecimal.ZERO);
    private final java.util.List<StageListener> stageListeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** Told each stage's time per document, as it happens (the metrics' latency histograms listen here). */
    @FunctionalInterface
    public interface StageListener {
        void stageTime(Stage stage, long nanos);
    }

    public RunTracker() {
        for (Outcome outcome : Outcome.values()) {
            outcomes.put(outcome, new LongAdder());
        }
        for (Stage stage : Stage.values()) {
            stageNanos.put(stage, new LongAdder());
        }
    }

    /** Called on every change; the progress bar listens here. */
    public void onChange(Runnable listener) {
        this.onChange = listener;
    }

    public void documentArrived() {
        admitted.increment();
        onChange.run();
    }

    public void pagesRendered(int count) {
        pages.add(count);
    }

    /** Runs one stage's work and adds its time to the stage's total. */
    public <T> T timed(Stage stage, java.util.function.Supplier<T> work) {
        long start = System.nanoTime();
        try {
            return work.get();
        } finally {
            stageTime(stage, System.nanoTime() - start);
        }
    }

    public void stageTime(Stage stage, long nanos) {
        stageNanos.get(stage).add(nanos);
        for (StageListener listener : stageListeners) {
            listener.stageTime(stage, nanos);
        }
    }

    public void addStageListener(StageListener listener) {
        stageListeners.add(listener);
    }

    /** What one extraction used: tokens (prompt + completion) and estimated cost. */
    public void used(long tokenCount, java.math.BigDecimal cost) {
        tokens.add(tokenCount);
        if (cost != null) {
            costUsd.accumulateAndGet(cost, java.math.BigDecimal::add);
        }
    }

    public long tokens() {
        return tokens.sum();
    }

    public java.math.BigDecimal costUsd() {
        return costUsd.get();
    }

    /** Documents that left the pipeline with {@code outcome} so far. */
    public long count(Outcome outcome) {
        return outcomes.get(outcome).sum();
    }

    public long pages() {
        return pages.sum();
    }

    public void finished(Outcome outcome) {
        outcomes.get(outcome).increment();
        onChange.run();
    }

    public void deadLettered(FailureReason reason) {
        deadLetterReasons.computeIfAbsent(reason, r -> new LongAdder()).increment();
        finished(Outcome.DEAD_LETTERED);
    }

    /** A FATAL failure: the run must stop; the first one is the one reported. */
    public void fatal(LedgerlensException failure) {
        fatal.compareAndSet(null, failure);
        finished(Outcome.LEFT_QUEUED);
    }

    public Optional<LedgerlensException> fatalFailure() {
        return Optional.ofNullable(fatal.get());
    }

    /** The source polled and found nothing new. */
    public void sourceIdle() {
        sourceIdle = true;
        onChange.run();
    }

    /** True once the source has polled and found nothing new. */
    public boolean isSourceIdle() {
        return sourceIdle;
    }

    /** A snapshot for the summary and {@code --json} output. */
    public Summary summary() {
        Map<String, Long> reasons = new TreeMap<>();
        deadLetterReasons.forEach((reason, count) -> reasons.put(reason.name(), count.sum()));
        Map<Stage, Duration> stages = new EnumMap<>(Stage.class);
        stageNanos.forEach((stage, nanos) -> stages.put(stage, Duration.ofNanos(nanos.sum())));
        return new Summary(admitted.sum(), pages.sum(), count(Outcome.VALID), count(Outcome.NEEDS_REVIEW),
                count(Outcome.DUPLICATE), count(Outcome.DEAD_LETTERED), count(Outcome.ALREADY_KNOWN),
                count(Outcome.LEFT_QUEUED), reasons, stages, Duration.ofNanos(System.nanoTime() - startNanos));
    }

    /**
     * What a run did.
     *
     * @param documents      documents seen by the source
     * @param pages          pages rendered
     * @param valid          stored as valid
     * @param needsReview    stored as needs_review
     * @param duplicates     stored as near-duplicates of an earlier record
     * @param deadLettered   sent to the dead-letter queue
     * @param alreadyKnown   seen before (same SHA-256): nothing new stored
     * @param leftQueued     not processed because the run stopped on a fatal error
     * @param deadLetterReasons dead letters by reason
     * @param stageTimes     time spent in each stage, summed over documents
     * @param elapsed        wall time of the run
     */
    public record Summary(long documents, long pages, long valid, long needsReview, long duplicates, long deadLettered,
                          long alreadyKnown, long leftQueued, Map<String, Long> deadLetterReasons,
                          Map<Stage, Duration> stageTimes, Duration elapsed) {
        public long stored() {
            return valid + needsReview + duplicates;
        }

        public long finished() {
            return stored() + deadLettered + alreadyKnown + leftQueued;
        }
    }
}
