package dev.ledgerlens.app;

import java.util.Map;

/**
 * The beans one run's routes call, by the names the route files use: {@code source} (taking documents in),
 * {@code stages} (render, extract, validate, store) and {@code failures} (dead letters and fatal stops). They share
 * one intake, so a document taken in by any route (a source or a replay) is released by the same one.
 */
public record PipelineSteps(SourceSteps source, StageSteps stages, FailureSteps failures) {

    /** The beans by the names the routes use. */
    public Map<String, Object> beans() {
        return Map.of("source", source, "stages", stages, "failures", failures);
    }
}
