package dev.ledgerlens.app;

import org.apache.camel.Exchange;
import org.apache.camel.support.SynchronizationAdapter;

import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Bounds how far rendering runs ahead of the engine. Render threads take a place before drawing a document and
 * give it back when an engine slot picks the document up (or when the document ends some other way), so at most
 * {@code places} rendered documents wait for the model: their page images on disk stay bounded on a 10,000-file
 * night, while the engine never waits for a page to be drawn.
 *
 * <p>Bound in the registry as {@code renderBacklog}; the render and extract routes call {@link #enter} and
 * {@link #leave}.
 */
public final class RenderBacklog {
    static final String PLACE = "ledgerlensBacklogPlace";

    private final Semaphore places;

    public RenderBacklog(int places) {
        this.places = new Semaphore(places);
    }

    /** Blocks the render thread until a place is free; the place is given back at {@link #leave} at the latest. */
    public void enter(Exchange exchange) throws InterruptedException {
        if (exchange.getProperty(PLACE) != null) {
            return; // a redelivery of the render step already holds one
        }
        places.acquire();
        AtomicBoolean held = new AtomicBoolean(true);
        exchange.setProperty(PLACE, held);
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                release(held);
            }
        });
    }

    /** An engine slot has taken the document: its place is free for the next render. */
    public void leave(Exchange exchange) {
        AtomicBoolean held = exchange.getProperty(PLACE, AtomicBoolean.class);
        if (held != null) {
            release(held);
        }
    }

    private void release(AtomicBoolean held) {
        if (held.compareAndSet(true, false)) {
            places.release();
        }
    }

    /** Places free now (for tests). */
    int available() {
        return places.availablePermits();
    }
}
