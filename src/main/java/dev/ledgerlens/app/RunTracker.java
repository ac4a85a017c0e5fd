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
    public enum Outcome {
        VALID, NEEDS_REVIEW, DUPLICATE, DEAD_LETTERED, ALREADY_KNOWN, LEFT_QUEUED,
        /** Written into an OpenAI batch: its answer is collected by a later run. */
        SUBMITTED,
        /** Its answer came from a batch and failed validation; the re-ask goes into the next batch. */
        QUEUED
    }

    private final long startNanos = System.nanoTime();
    private final LongAdder admitted = new LongAdder();
    private final LongAdder pages = new LongAdder();
    private final Map<Outcome, LongAdder> outcomes = new EnumMap<>(Outcome.class);
    private final Map<FailureReason, LongAdder> deadLetterReasons = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> reviewReasons = new ConcurrentHashMap<>();
    private final Map<Stage, LongAdder> stageNanos = new EnumMap<>(Stage.class);
    private final AtomicReference<LedgerlensException> fatal = new AtomicReference<>();
    private volatile boolean sourceIdle;
    private volatile Runnable onChange = () -> { };
    private final LongAdder tokens = new LongAdder();
    private final AtomicReference<java.math.BigDecimal> costUsd = new AtomicReference<>(java.math.BigDecimal.ZERO);
    private final java.util.List<StageListener> stageListeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final LongAdder batchEstimatedTokens = new LongAdder();
    private final AtomicReference<java.math.BigDecimal> batchWorstCostUsd = new AtomicReference<>(java.math.BigDecimal.ZERO);
    private final java.util.List<BatchNote> batchNotes = new java.util.concurrent.CopyOnWriteArrayList<>();

    /**
     * What happened to one OpenAI batch in this run, for the summary.
     *
     * @param batch     OpenAI's batch id (or ours, {@code #12}, before it has one)
     * @param event     what happened to it
     * @param status    the batch's status at OpenAI
     * @param requests  its requests
     * @param answered  answers read (collected) or done so far (waiting)
     * @param requeued  documents it gave back to the queue
     * @param failed    lines of its error file (dead-lettered)
     * @param dueBy     when its 24-hour window ends, if known
     * @param message   the API's message for a failed batch, else null
     */
    public record BatchNote(String batch, BatchEvent event, String status, long requests, long answered, long requeued,
                            long failed, java.time.Instant dueBy, String message) {
    }

    /** What happened to an OpenAI batch in a run. */
    public enum BatchEvent {
        /** Created from this run's documents (or finished for a run that stopped while submitting it). */
        SUBMITTED,
        /** Polled and not done yet, or not reachable now: polled again next time. */
        WAITING,
        /** Ended, and every answer stored, dead-lettered or given back to the queue. */
        COLLECTED,
        /** Ended, but some answers are still to be taken (the run stopped): the next collect takes them. */
        COLLECTING,
        /** Failed as a whole; its documents are back in the queue. */
        FAILED
    }

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

    /** A record stored as needs_review, with the rules that sent it there ({@code total_unsure}, …), for the summary. */
    public void reviewed(java.util.Collection<String> rules) {
        rules.forEach(rule -> reviewReasons.computeIfAbsent(rule, key -> new LongAdder()).increment());
    }

    public void deadLettered(FailureReason reason) {
        deadLetterReasons.computeIfAbsent(reason, r -> new LongAdder()).increment();
        finished(Outcome.DEAD_LETTERED);
    }

    /** A document's request went into an OpenAI batch: its estimated input tokens and worst-case cost (batch price). */
    public void batchLine(long estimatedTokens, java.math.BigDecimal worstCostUsd) {
        batchEstimatedTokens.add(estimatedTokens);
        batchWorstCostUsd.accumulateAndGet(worstCostUsd, java.math.BigDecimal::add);
    }

    /** Something happened to a batch (submitted, still waiting, collected, failed). */
    public void batch(BatchNote note) {
        batchNotes.add(note);
    }

    public java.util.List<BatchNote> batchNotes() {
        return java.util.List.copyOf(batchNotes);
    }

    /** A FATAL failure outside any one document (a batch that failed, a submission that could not finish). */
    public void stopped(LedgerlensException failure) {
        fatal.compareAndSet(null, failure);
        onChange.run();
    }

    /**
     * Another source starts in the same run (documents collected from batches were the first): the run is not over
     * until this one, too, has polled and found nothing new.
     */
    public void newSource() {
        sourceIdle = false;
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
        Map<String, Long> review = new TreeMap<>();
        reviewReasons.forEach((rule, count) -> review.put(rule, count.sum()));
        Map<Stage, Duration> stages = new EnumMap<>(Stage.class);
        stageNanos.forEach((stage, nanos) -> stages.put(stage, Duration.ofNanos(nanos.sum())));
        return new Summary(admitted.sum(), pages.sum(), count(Outcome.VALID), count(Outcome.NEEDS_REVIEW),
                count(Outcome.DUPLICATE), count(Outcome.DEAD_LETTERED), count(Outcome.ALREADY_KNOWN),
                count(Outcome.LEFT_QUEUED), reasons, stages, Duration.ofNanos(System.nanoTime() - startNanos),
                count(Outcome.SUBMITTED), count(Outcome.QUEUED), tokens.sum(), costUsd.get(), batchEstimatedTokens.sum(),
                batchWorstCostUsd.get(), review);
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
     * @param submitted      written into OpenAI batches, answers to be collected by a later run
     * @param requeued       answers collected from a batch whose re-ask goes into the next batch
     * @param tokens         tokens the model reported for the extractions of this run (online and collected)
     * @param costUsd        their cost (collected answers at the batch price)
     * @param batchTokens    estimated input tokens of the requests submitted in batches
     * @param batchWorstCostUsd the most those requests can cost at the batch price (estimated input plus the answer cap)
     * @param reviewReasons  the rules that sent records to review, by rule, each counted once per record
     */
    public record Summary(long documents, long pages, long valid, long needsReview, long duplicates, long deadLettered,
                          long alreadyKnown, long leftQueued, Map<String, Long> deadLetterReasons,
                          Map<Stage, Duration> stageTimes, Duration elapsed, long submitted, long requeued, long tokens,
                          java.math.BigDecimal costUsd, long batchTokens, java.math.BigDecimal batchWorstCostUsd,
                          Map<String, Long> reviewReasons) {
        public Summary {
            reviewReasons = reviewReasons == null ? Map.of() : Map.copyOf(reviewReasons);
        }

        public long stored() {
            return valid + needsReview + duplicates;
        }

        /** The share of the records valid or needing review that went through as valid, 0..1 (0 when there were none). */
        public double shareValid() {
            return valid + needsReview == 0 ? 0 : (double) valid / (valid + needsReview);
        }

        public long finished() {
            return stored() + deadLettered + alreadyKnown + leftQueued + submitted + requeued;
        }
    }
}
