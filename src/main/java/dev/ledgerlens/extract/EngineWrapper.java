package dev.ledgerlens.extract;

import dev.ledgerlens.failure.Violation;
import dev.ledgerlens.render.PageSpec;

import java.util.List;
import java.util.Optional;

/**
 * An extractor in front of the configured engine (the e-invoice reader, the second reading of scanned pages): it is
 * the engine to the pipeline — same name, same page size — and decides only what it does around the engine's work.
 * Thread-safe when the engine is; closing it closes the engine.
 */
public abstract class EngineWrapper implements Extractor, AutoCloseable {
    protected final Extractor engine;

    protected EngineWrapper(Extractor engine) {
        this.engine = engine;
    }

    @Override
    public String name() {
        return engine.name();
    }

    @Override
    public PageSpec pageSpec() {
        return engine.pageSpec();
    }

    @Override
    public Extraction reask(Extraction first, List<Violation> violations) {
        return engine.reask(first, violations);
    }

    /** This wrapper, or the engine it wraps (or what that one wraps) as {@code type}. */
    @Override
    public <T extends Extractor> Optional<T> as(Class<T> type) {
        return type.isInstance(this) ? Optional.of(type.cast(this)) : engine.as(type);
    }

    @Override
    public void close() throws Exception {
        if (engine instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }
}
