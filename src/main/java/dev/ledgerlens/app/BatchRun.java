package dev.ledgerlens.app;

import dev.ledgerlens.failure.FailureReason;
import dev.ledgerlens.failure.LedgerlensException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * One pass over a folder: start the pipeline, wait until the folder ran dry and nothing is in flight
 * (or a fatal failure stopped it), stop. Used by {@code run --once} and by the integration tests.
 */
public final class BatchRun {
    private final Application application;

    public BatchRun(Application application) {
        this.application = application;
    }

    /**
     * Processes every document in {@code folder} once.
     *
     * @param lifecycle when not null, the pipeline is attached to it so that a signal stops it gracefully
     */
    public RunTracker.Summary run(Path folder, Settings.After after, RunTracker tracker, RunLifecycle lifecycle) {
        if (!Files.isDirectory(folder)) {
            throw new LedgerlensException(FailureReason.CONFIGURATION_INVALID,
                    "the input folder " + folder.toAbsolutePath() + " does not exist");
        }
        Settings settings = application.settings();
        Settings.After disposition = after != null ? after : settings.after() != null ? settings.after() : Settings.After.KEEP;
        String exclude = application.config().getString("ledgerlens.input.exclude", null);
        PipelineSteps steps = application.steps(folder, disposition, tracker);
        Pipeline pipeline = application.start(
                Pipeline.Source.folder(folder, Pipeline.Mode.ONCE, exclude, Duration.ofMillis(500)), steps, tracker);
        if (lifecycle != null) {
            lifecycle.attach(pipeline);
        }
        try {
            pipeline.awaitDrained();
        } finally {
            pipeline.close();
        }
        return tracker.summary();
    }
}
