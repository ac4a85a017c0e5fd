package dev.ledgerlens.extract.openai;

import dev.ledgerlens.failure.FailureReason;
import dev.ledgerlens.failure.LedgerlensException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class RequestLimiterTest {

    /** A clock that only moves when the limiter sleeps: tests run instantly and exactly. */
    static final class ManualClock implements RequestLimiter.Clock {
        final AtomicLong now = new AtomicLong(1_000_000_000L);
        final List<Duration> sleeps = java.util.Collections.synchronizedList(new ArrayList<>());

        @Override
        public long nanoTime() {
            return now.get();
        }

        @Override
        public void sleepNanos(long nanos) {
            sleeps.add(Duration.ofNanos(nanos));
            now.addAndGet(nanos);
        }

        void advance(Duration duration) {
            now.addAndGet(duration.toNanos());
        }
    }

    @Test
    void requestsPerMinuteSpacesRequestsOnceTheBurstIsUsed() {
        ManualClock clock = new ManualClock();
        RequestLimiter limiter = new RequestLimiter(2, 0, Duration.ofMinutes(1), clock);

        assertThat(limiter.acquire(100)).isZero();
        assertThat(limiter.acquire(100)).isZero();
        long waited = limiter.acquire(100);

        assertThat(Duration.ofNanos(waited)).isEqualTo(Duration.ofSeconds(30));
        assertThat(clock.sleeps).containsExactly(Duration.ofSeconds(30));
    }

    @Test
    void tokensPerMinuteWaitsForTheEstimatedTokens() {
        ManualClock clock = new ManualClock();
        RequestLimiter limiter = new RequestLimiter(0, 60_000, Duration.ofMinutes(1), clock);

        limiter.acquire(60_000);
        long waited = limiter.acquire(30_000);

        assertThat(Duration.ofNanos(waited)).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void aWaitLongerThanTheBoundFailsAsRateLimitedAndTakesNothing() {
        ManualClock clock = new ManualClock();
        RequestLimiter limiter = new RequestLimiter(1, 0, Duration.ofSeconds(10), clock);
        limiter.acquire(1);

        LedgerlensException failure = catchThrowableOfType(LedgerlensException.class, () -> limiter.acquire(1));

        assertThat(failure.reason()).isEqualTo(FailureReason.MODEL_RATE_LIMITED);
        assertThat(failure.isTransient()).isTrue();
        assertThat(clock.sleeps).isEmpty();
        clock.advance(Duration.ofSeconds(60));
        assertThat(limiter.acquire(1)).as("the refused request took nothing").isZero();
    }

    @Test
    void settlingGivesBackAnOverEstimate() {
        ManualClock clock = new ManualClock();
        RequestLimiter limiter = new RequestLimiter(0, 10_000, Duration.ZERO, clock);
        limiter.acquire(10_000);
        limiter.settle(10_000, 2_000);

        assertThat(limiter.acquire(8_000)).isZero();
        assertThatFailsAtOnce(limiter, 1_000);
    }

    private static void assertThatFailsAtOnce(RequestLimiter limiter, long tokens) {
        assertThat(catchThrowableOfType(LedgerlensException.class, () -> limiter.acquire(tokens)).reason())
                .isEqualTo(FailureReason.MODEL_RATE_LIMITED);
    }

    @Test
    void concurrentCallersNeverGetMoreThanTheLimitWithoutWaiting() throws Exception {
        ManualClock clock = new ManualClock();
        RequestLimiter limiter = new RequestLimiter(10, 0, Duration.ofHours(1), clock);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Long>> waits = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            waits.add(pool.submit(() -> {
                start.await();
                return limiter.acquire(1);
            }));
        }
        start.countDown();
        long immediate = 0;
        for (Future<Long> wait : waits) {
            if (wait.get(10, TimeUnit.SECONDS) == 0) {
                immediate++;
            }
        }
        pool.shutdown();
        // The manual clock only moves by sleeps, so at most the burst of 10 plus a few refilled while others slept.
        assertThat(immediate).isGreaterThanOrEqualTo(10).isLessThan(40);
    }

    @Test
    void unlimitedNeverWaits() {
        RequestLimiter limiter = RequestLimiter.unlimited();
        for (int i = 0; i < 1000; i++) {
            assertThat(limiter.acquire(1_000_000)).isZero();
        }
    }
}
