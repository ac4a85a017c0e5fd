package dev.ledgerlens.extract.openai;

import dev.ledgerlens.failure.FailureReason;
import dev.ledgerlens.failure.LedgerlensException;

import java.time.Duration;

/**
 * Client-side requests-per-minute and tokens-per-minute limits, so a run with many documents in
 * flight stays under the account's limits instead of collecting 429s. Two token buckets refilled
 * continuously ({@code limit / 60 s}); {@link #acquire(long)} reserves a request and its estimated
 * tokens and blocks until both are available, but never longer than the configured wait: past it the
 * request fails as MODEL_RATE_LIMITED (TRANSIENT) so Camel redelivers it later rather than a thread
 * sitting idle. A limit of 0 means unlimited. Thread-safe: reservations are taken under a lock,
 * waiting happens outside it.
 */
public final class RequestLimiter {

    /** Time source and sleep, replaceable so tests need not wait in real time. */
    public interface Clock {
        long nanoTime();

        void sleepNanos(long nanos) throws InterruptedException;

        Clock SYSTEM = new Clock() {
            @Override
            public long nanoTime() {
                return System.nanoTime();
            }

            @Override
            public void sleepNanos(long nanos) throws InterruptedException {
                java.util.concurrent.TimeUnit.NANOSECONDS.sleep(nanos);
            }
        };
    }

    private static final long MINUTE_NANOS = Duration.ofMinutes(1).toNanos();

    private final Bucket requests;
    private final Bucket tokens;
    private final long maxWaitNanos;
    private final Clock clock;

    public RequestLimiter(int requestsPerMinute, long tokensPerMinute, Duration maxWait) {
        this(requestsPerMinute, tokensPerMinute, maxWait, Clock.SYSTEM);
    }

    public RequestLimiter(int requestsPerMinute, long tokensPerMinute, Duration maxWait, Clock clock) {
        this.clock = clock;
        long now = clock.nanoTime();
        this.requests = new Bucket(requestsPerMinute, now);
        this.tokens = new Bucket(tokensPerMinute, now);
        this.maxWaitNanos = maxWait.toNanos();
    }

    public static RequestLimiter from(OpenAiSettings settings) {
        return new RequestLimiter(settings.requestsPerMinute(), settings.tokensPerMinute(), settings.limiterMaxWait());
    }

    /** No limits at all. */
    public static RequestLimiter unlimited() {
        return new RequestLimiter(0, 0, Duration.ZERO);
    }

    /**
     * Takes one request and {@code estimatedTokens} tokens, waiting for them if needed.
     * A request larger than a whole minute's token limit is let through once the bucket is full
     * (otherwise it could never be sent).
     *
     * @return how long it waited, nanoseconds
     * @throws LedgerlensException MODEL_RATE_LIMITED when the wait would exceed the bound (nothing is taken then)
     */
    public long acquire(long estimatedTokens) {
        long waitNanos;
        synchronized (this) {
            long now = clock.nanoTime();
            long requestWait = requests.waitFor(1, now);
            long tokenWait = tokens.waitFor(estimatedTokens, now);
            waitNanos = Math.max(requestWait, tokenWait);
            if (waitNanos > maxWaitNanos) {
                throw new LedgerlensException(FailureReason.MODEL_RATE_LIMITED, "the client-side rate limit ("
                        + describe() + ") would delay this request by " + Duration.ofNanos(waitNanos).toSeconds()
                        + " s, more than the allowed " + Duration.ofNanos(maxWaitNanos).toSeconds() + " s");
            }
            requests.take(1, now);
            tokens.take(estimatedTokens, now);
        }
        if (waitNanos > 0) {
            try {
                clock.sleepNanos(waitNanos);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LedgerlensException(FailureReason.MODEL_RATE_LIMITED, "interrupted while waiting for the rate limit", e);
            }
        }
        return waitNanos;
    }

    /**
     * Corrects the token bucket once the API reported what a request really used: a larger answer
     * takes the difference, an over-estimate gives it back.
     */
    public synchronized void settle(long estimatedTokens, long actualTokens) {
        tokens.adjust(actualTokens - estimatedTokens, clock.nanoTime());
    }

    private String describe() {
        return requests.perMinute + " requests/min, " + tokens.perMinute + " tokens/min";
    }

    /** One continuously refilled bucket; the level may go negative (debt) after a reservation that had to wait. */
    private static final class Bucket {
        final long perMinute;
        double level;
        long updated;

        Bucket(long perMinute, long now) {
            this.perMinute = perMinute;
            this.level = perMinute;
            this.updated = now;
        }

        private void refill(long now) {
            if (perMinute == 0) {
                return;
            }
            level = Math.min(perMinute, level + (double) (now - updated) * perMinute / MINUTE_NANOS);
            updated = now;
        }

        long waitFor(long amount, long now) {
            if (perMinute == 0) {
                return 0;
            }
            refill(now);
            double needed = Math.min(amount, perMinute);
            if (level >= needed) {
                return 0;
            }
            return (long) Math.ceil((needed - level) * MINUTE_NANOS / perMinute);
        }

        void take(long amount, long now) {
            if (perMinute == 0) {
                return;
            }
            refill(now);
            // Oversized requests take what the whole minute holds, no more, so the bucket can recover.
            level -= Math.min(amount, perMinute);
        }

        void adjust(long delta, long now) {
            if (perMinute == 0) {
                return;
            }
            refill(now);
            level = Math.min(perMinute, level - delta);
        }
    }
}
