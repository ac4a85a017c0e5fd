package dev.ledgerlens.render;

import java.io.InterruptedIOException;

/**
 * The check PDFBox's content-stream loops make before each operator, so that a page abandoned at its deadline
 * (its render thread interrupted by {@link DocumentRenderer}) stops drawing within one operator instead of burning
 * a core until its millions of operators are done. Stateless.
 */
final class Abandonment {
    private Abandonment() {
    }

    /** @throws InterruptedIOException when the render thread was interrupted (the document was abandoned) */
    static void check() throws InterruptedIOException {
        if (Thread.currentThread().isInterrupted()) {
            throw new InterruptedIOException("rendering abandoned at its deadline");
        }
    }
}
