package dev.ledgerlens.extract.openai;

import dev.ledgerlens.failure.FailureReason;
import dev.ledgerlens.failure.LedgerlensException;

import java.math.BigDecimal;

/**
 * The most a run may spend on the model, in USD and/or tokens. Before each request the engine
 * reserves the request's worst case (estimated input + the answer's token cap); if that would take the
 * run past its budget, the request is not sent and BUDGET_EXHAUSTED (FATAL) stops the run cleanly with
 * the remaining documents still queued. After the answer, the reservation is replaced by what the API
 * reported. In-flight reservations count, so concurrent requests cannot overshoot together.
 * Thread-safe (all state under this object's lock). One instance per run.
 */
public final class RunBudget {
    private final BigDecimal maxCostUsd;
    private final long maxTokens;
    private BigDecimal spentUsd = BigDecimal.ZERO;
    private long spentTokens;
    private BigDecimal reservedUsd = BigDecimal.ZERO;
    private long reservedTokens;

    /** A reservation to {@link #settle} or {@link #release} once the request is over. */
    public record Reservation(long tokens, BigDecimal costUsd) {
    }

    /**
     * @param maxCostUsd the USD budget, or null for none
     * @param maxTokens  the token budget, or 0 for none
     */
    public RunBudget(BigDecimal maxCostUsd, long maxTokens) {
        this.maxCostUsd = maxCostUsd;
        this.maxTokens = maxTokens;
    }

    public static RunBudget from(OpenAiSettings settings) {
        return new RunBudget(settings.maxCostUsd(), settings.maxTokens());
    }

    public static RunBudget unlimited() {
        return new RunBudget(null, 0);
    }

    /** Reserves a request's worst case, or throws BUDGET_EXHAUSTED when it no longer fits. */
    public synchronized Reservation reserve(long tokens, BigDecimal costUsd) {
        if (maxTokens > 0 && spentTokens + reservedTokens + tokens > maxTokens) {
            throw new LedgerlensException(FailureReason.BUDGET_EXHAUSTED, "the run's token budget ("
                    + OpenAiSettings.MAX_TOKENS + "=" + maxTokens + ") is spent: " + spentTokens + " used, "
                    + reservedTokens + " in flight, the next request may need " + tokens
                    + "; the remaining documents stay queued");
        }
        if (maxCostUsd != null && spentUsd.add(reservedUsd).add(costUsd).compareTo(maxCostUsd) > 0) {
            throw new LedgerlensException(FailureReason.BUDGET_EXHAUSTED, "the run's cost budget ("
                    + OpenAiSettings.MAX_COST_USD + "=" + maxCostUsd.toPlainString() + " USD) is spent: "
                    + spentUsd.toPlainString() + " USD used, " + reservedUsd.toPlainString()
                    + " USD in flight, the next request may cost " + costUsd.toPlainString()
                    + " USD; the remaining documents stay queued");
        }
        reservedTokens += tokens;
        reservedUsd = reservedUsd.add(costUsd);
        return new Reservation(tokens, costUsd);
    }

    /** Replaces a reservation by what the request really used. */
    public synchronized void settle(Reservation reservation, long actualTokens, BigDecimal actualCostUsd) {
        release(reservation);
        spentTokens += actualTokens;
        spentUsd = spentUsd.add(actualCostUsd);
    }

    /** Gives a reservation back (the request failed before the API billed anything). */
    public synchronized void release(Reservation reservation) {
        reservedTokens -= reservation.tokens();
        reservedUsd = reservedUsd.subtract(reservation.costUsd());
    }

    public synchronized BigDecimal spentUsd() {
        return spentUsd;
    }

    public synchronized long spentTokens() {
        return spentTokens;
    }
}
