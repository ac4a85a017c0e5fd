package dev.ledgerlens.ingest;

import dev.ledgerlens.app.Settings;

/** A class in ingest that uses app: what ArchitectureTest must refuse. Test sources only, never product. */
public final class FlowViolationFixture {
    private FlowViolationFixture() {
    }

    public static Class<?> reachesUp() {
        return Settings.class;
    }
}
