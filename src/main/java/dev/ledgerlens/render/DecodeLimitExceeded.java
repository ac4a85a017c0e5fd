package dev.ledgerlens.render;

import java.io.IOException;

/**
 * A PDF stream, or an image inside one, would decode to more than its {@link DecodeBudget} allows. An
 * {@link IOException} because PDFBox's filters may only throw those; PDFBox swallows some of them (a font that cannot
 * be loaded, an XObject that cannot be drawn), which is why the budget also remembers the first one it raised.
 */
final class DecodeLimitExceeded extends IOException {
    DecodeLimitExceeded(String message) {
        super(message);
    }
}
