package dev.ledgerlens.render;

import dev.ledgerlens.failure.FailureReason;
import dev.ledgerlens.failure.LedgerlensException;

import java.time.Duration;

/**
 * The time by which one document must be rendered, checked between pages. Immutable; one per document.
 *
 * @param limit       the configured {@code ledgerlens.render.timeout}
 * @param startNanos  {@link System#nanoTime()} when rendering began
 */
record RenderDeadline(Duration limit, long startNanos) {
    static RenderDeadline start(Duration limit) {
        return new RenderDeadline(limit, System.nanoTime());
    }

    /** Fails with {@code RENDER_TIMEOUT} when the limit has passed after {@code pagesDone} of {@code pageCount} pages. */
    void check(String fileName, int pagesDone, int pageCount) {
        long elapsed = System.nanoTime() - startNanos;
        if (elapsed > limit.toNanos()) {
            throw new LedgerlensException(FailureReason.RENDER_TIMEOUT, String.format(java.util.Locale.ROOT,
                    "rendering '%s' took %d ms for %d of %d pages, more than ledgerlens.render.timeout = %s",
                    fileName, elapsed / 1_000_000, pagesDone, pageCount, limit));
        }
    }
}
