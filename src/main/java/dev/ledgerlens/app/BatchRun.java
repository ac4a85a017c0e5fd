package dev.ledgerlens.app;

import dev.ledgerlens.ingest.InputDisposition;
import dev.ledgerlens.failure.FailureReason;
import dev.ledgerlens.failure.LedgerlensException;
import dev.ledgerlens.ingest.ObjectDisposition;
import dev.ledgerlens.ingest.S3Settings;
import software.amazon.awssdk.services.s3.S3Client;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * One pass over a folder: start the pipeline, wait until the folder ran dry and nothing is in flight
 * (or a fatal failure stopped it), stop; or the same over an S3 bucket prefix. Used by {@code run --once}
 * and by the integration tests.
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
    public RunTracker.Summary run(Path folder, InputDisposition.After after, RunTracker tracker, RunLifecycle lifecycle) {
        return run(folder, after, tracker, lifecycle, false);
    }

    /**
     * Processes every document in {@code folder} once. With the openai engine, OpenAI batches are handled first
     * (answers of ended batches collected, documents they gave back taken up again) and, when {@code batch} is true or
     * {@code ledgerlens.openai.batch} is set, new documents are written into batches instead of being sent online.
     *
     * @param lifecycle when not null, the pipeline is attached to it so that a signal stops it gracefully
     */
    public RunTracker.Summary run(Path folder, InputDisposition.After after, RunTracker tracker, RunLifecycle lifecycle,
                                  boolean batch) {
        if (!Files.isDirectory(folder)) {
            throw new LedgerlensException(FailureReason.CONFIGURATION_INVALID,
                    "the input folder " + folder.toAbsolutePath() + " does not exist");
        }
        Settings settings = application.settings();
        InputFolders.requireDataDirectoryOutside(folder, settings.dataDir());
        InputDisposition.After disposition = after != null ? after : settings.after() != null ? settings.after() : InputDisposition.After.KEEP;
        String exclude = application.config().getString("ledgerlens.input.exclude", null);
        try (BatchCycle cycle = BatchCycle.open(application, tracker, batch)) {
            if (tracker.fatalFailure().isPresent()) {
                return tracker.summary();
            }
            tracker.newSource();
            PipelineSteps steps = application.steps(folder, disposition, tracker, null, cycle.stage());
            drain(application.start(Pipeline.Source.folder(folder, Pipeline.Mode.ONCE, exclude, Duration.ofMillis(500)),
                    steps, tracker), lifecycle, pipeline -> cycle.resume(pipeline, tracker));
            cycle.finish(tracker);
        }
        return tracker.summary();
    }

    /**
     * Processes every object under the bucket prefix once. Objects are moved (or deleted) as they finish,
     * which is how the run knows it is done: a poll that lists nothing. Kept or tagged objects would be
     * listed forever, so a one-off run on a bucket needs {@code move} or {@code delete}.
     */
    public RunTracker.Summary runBucket(S3Settings s3, RunTracker tracker, RunLifecycle lifecycle) {
        return runBucket(s3, tracker, lifecycle, false);
    }

    /** As {@link #runBucket(S3Settings, RunTracker, RunLifecycle)}, with OpenAI batches as {@link #run} handles them. */
    public RunTracker.Summary runBucket(S3Settings s3, RunTracker tracker, RunLifecycle lifecycle, boolean batch) {
        if (s3.after() != S3Settings.After.MOVE && s3.after() != S3Settings.After.DELETE) {
            throw new LedgerlensException(FailureReason.CONFIGURATION_INVALID, "run --once on S3 needs"
                    + " ledgerlens.s3.after=move or delete (it is " + s3.after().name().toLowerCase(java.util.Locale.ROOT)
                    + "): objects left in place are listed again forever; use 'watch' to keep or tag them");
        }
        try (S3Client client = ObjectDisposition.client(s3, application.config());
             BatchCycle cycle = BatchCycle.open(application, tracker, batch)) {
            if (tracker.fatalFailure().isPresent()) {
                return tracker.summary();
            }
            tracker.newSource();
            PipelineSteps steps = application.steps(application.settings().input(), InputDisposition.After.KEEP, tracker,
                    new ObjectDisposition(client, s3), cycle.stage());
            drain(application.start(Pipeline.Source.s3(s3, Pipeline.Mode.ONCE, Duration.ofMillis(500), null),
                    steps, tracker, Map.of("ledgerlensS3", client)), lifecycle, pipeline -> cycle.resume(pipeline, tracker));
            cycle.finish(tracker);
        }
        return tracker.summary();
    }

    /**
     * Runs {@code alongside} (documents fed in besides the source's), then waits until the source ran dry and nothing
     * is in flight (or a fatal stop), then stops the pipeline.
     */
    private static void drain(Pipeline pipeline, RunLifecycle lifecycle, java.util.function.Consumer<Pipeline> alongside) {
        if (lifecycle != null) {
            lifecycle.attach(pipeline); // a signal now stops it gracefully
        }
        try {
            alongside.accept(pipeline);
            pipeline.awaitDrained();
        } finally {
            pipeline.close();
        }
    }
}
