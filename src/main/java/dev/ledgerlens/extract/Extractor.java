package dev.ledgerlens.extract;

import dev.ledgerlens.failure.Violation;
import dev.ledgerlens.render.PageSpec;
import dev.ledgerlens.render.RenderedDocument;

import java.util.List;

/**
 * An extraction engine: reads the fields of one rendered document.
 * Implementations are thread-safe; the pipeline calls them from several threads at once.
 * Failures are thrown as {@link dev.ledgerlens.failure.LedgerlensException} with a typed reason.
 */
public interface Extractor {

    /** The engine's name as recorded with each extraction. */
    String name();

    /** How this engine wants pages rendered (size, colour, encoding). */
    PageSpec pageSpec();

    /** Reads the document's fields. */
    Extraction extract(RenderedDocument document);

    /**
     * Asks again after the first answer failed validation, telling the engine what was wrong
     * (for a model: the same conversation plus the list of violations). Engines that cannot
     * do better on a second try return the first extraction unchanged, which is the default.
     */
    default Extraction reask(Extraction first, List<Violation> violations) {
        return first;
    }

    /**
     * This engine as {@code type}, or an engine it wraps (the e-invoice reader and the second reading wrap the
     * configured engine): what a caller that needs a particular engine's own services (the OpenAI Batch API) asks for.
     */
    default <T extends Extractor> java.util.Optional<T> as(Class<T> type) {
        return type.isInstance(this) ? java.util.Optional.of(type.cast(this)) : java.util.Optional.empty();
    }
}
