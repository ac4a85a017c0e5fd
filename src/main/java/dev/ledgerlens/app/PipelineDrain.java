package dev.ledgerlens.app;

import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * Lets the application wait until the pipeline is drained, woken by Camel itself: each exchange that completes or
 * fails (a document leaving, the idle message of a dry source, a fatal stop) signals the waiters, who then ask
 * Camel's inflight repository whether anything is still in the routes. Camel fires the completion event from the
 * exchange's unit of work, a moment before the exchange leaves the inflight repository, so a waiter re-checks at
 * most every {@link #RECHECK} too: the signal makes draining prompt, the re-check makes it certain.
 * Thread-safe.
 */
final class PipelineDrain extends EventNotifierSupport {
    /** Longest a waiter sleeps between two looks at the pipeline when no exchange finishes meanwhile. */
    static final Duration RECHECK = Duration.ofMillis(250);

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();

    PipelineDrain() {
        setIgnoreCamelContextEvents(true);
        setIgnoreRouteEvents(true);
        setIgnoreServiceEvents(true);
        setIgnoreExchangeCreatedEvent(true);
        setIgnoreExchangeSendingEvents(true);
        setIgnoreExchangeSentEvents(true);
        setIgnoreExchangeRedeliveryEvents(true);
        setIgnoreStepEvents(true);
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        return event instanceof CamelEvent.ExchangeCompletedEvent || event instanceof CamelEvent.ExchangeFailedEvent;
    }

    @Override
    public void notify(CamelEvent event) {
        signal();
    }

    /** Wakes the waiters: something they wait on may have changed. */
    void signal() {
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until {@code done} holds or {@code timeout} passed.
     *
     * @return whether {@code done} holds
     * @throws InterruptedException when the waiting thread is interrupted
     */
    boolean await(BooleanSupplier done, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            while (!done.getAsBoolean()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                changed.await(Math.min(left, RECHECK.toNanos()), TimeUnit.NANOSECONDS);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }
}
