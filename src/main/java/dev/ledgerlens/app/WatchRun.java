package dev.ledgerlens.app;

import dev.ledgerlens.ingest.InputDisposition;
import dev.ledgerlens.config.ConfigSource;
import dev.ledgerlens.app.ops.HealthChecker;
import dev.ledgerlens.app.ops.OpsServer;
import dev.ledgerlens.app.ops.PipelineMetrics;
import dev.ledgerlens.extract.openai.OpenAiSettings;
import dev.ledgerlens.ingest.ObjectDisposition;
import dev.ledgerlens.ingest.S3Settings;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalInt;
import java.util.function.Supplier;

/**
 * The long-running service behind {@code ledgerlens watch}: the pipeline on a folder or bucket, polled
 * continuously or on a cron schedule ({@code ledgerlens.schedule}), plus the {@code /health} and
 * {@code /metrics} endpoint. Closing it stops taking documents, lets those in flight finish within
 * {@code ledgerlens.shutdown-timeout} and stops the endpoint last.
 * Not thread-safe: one owner starts and closes it (closing from a shutdown hook goes through {@link RunLifecycle}).
 */
public final class WatchRun implements AutoCloseable {
    private final Pipeline pipeline;
    private final OpsServer ops;
    private final S3Client s3;
    private final String description;

    private WatchRun(Pipeline pipeline, OpsServer ops, S3Client s3, String description) {
        this.pipeline = pipeline;
        this.ops = ops;
        this.s3 = s3;
        this.description = description;
    }

    /**
     * Starts watching.
     *
     * @param folder the folder for {@link SourceKind#FILE} (created when missing)
     * @param after  what happens to a processed file (folders; buckets follow {@code ledgerlens.s3.after})
     */
    public static WatchRun start(Application application, SourceKind kind, Path folder, InputDisposition.After after,
                                 RunTracker tracker) {
        ConfigSource config = application.config();
        Duration poll = config.getDuration("ledgerlens.watch.poll", Duration.ofSeconds(1));
        String schedule = config.getString("ledgerlens.schedule", null);
        S3Client s3 = null;
        Pipeline pipeline;
        Supplier<HealthChecker.Check> sourceCheck;
        String description;
        if (kind == SourceKind.S3) {
            S3Settings settings = S3Settings.from(config);
            s3 = ObjectDisposition.client(settings, config);
            PipelineSteps steps = application.steps(application.settings().input(), InputDisposition.After.KEEP, tracker,
                    new ObjectDisposition(s3, settings));
            pipeline = application.start(Pipeline.Source.s3(settings, Pipeline.Mode.WATCH, poll, schedule), steps, tracker,
                    Map.of("ledgerlensS3", s3));
            sourceCheck = HealthChecker.bucket(s3, settings.bucket());
            description = settings.uriOf(settings.prefix());
        } else {
            try {
                Files.createDirectories(folder);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create the input folder " + folder, e);
            }
            InputFolders.requireDataDirectoryOutside(folder, application.settings().dataDir());
            PipelineSteps steps = application.steps(folder, after, tracker);
            String exclude = config.getString("ledgerlens.input.exclude", null);
            pipeline = application.start(Pipeline.Source.folder(folder, Pipeline.Mode.WATCH, exclude, poll, schedule),
                    steps, tracker);
            sourceCheck = HealthChecker.folder(folder);
            description = folder.toAbsolutePath().toString();
        }
        OpsServer ops = null;
        try {
            // -1 turns the endpoint off (several instances on one host without a port each)
            int port = config.getInt("ledgerlens.http.port", 9464);
            if (port >= 0) {
                Pipeline running = pipeline;
                PipelineMetrics metrics = new PipelineMetrics(tracker, running::inFlight);
                HealthChecker health = new HealthChecker(application.database().dataSource(), sourceCheck,
                        modelCheck(application));
                ops = OpsServer.start(config.getString("ledgerlens.http.host", "127.0.0.1"), port, health, metrics);
            }
        } catch (RuntimeException | LinkageError e) {
            pipeline.close();
            if (s3 != null) {
                s3.close();
            }
            throw e;
        }
        return new WatchRun(pipeline, ops, s3, description
                + (schedule == null || schedule.isBlank() ? "" : " on the schedule '" + schedule + "'"));
    }

    private static Supplier<HealthChecker.Check> modelCheck(Application application) {
        if (application.settings().engine() == Settings.Engine.OPENAI) {
            OpenAiSettings openAi = OpenAiSettings.from(application.config());
            return HealthChecker.openAi(openAi.baseUrl().orElse("https://api.openai.com/v1"), openAi.apiKey());
        }
        return HealthChecker.inProcess(application.settings().engine().name().toLowerCase(java.util.Locale.ROOT));
    }

    public Pipeline pipeline() {
        return pipeline;
    }

    /** What is watched, for the start-up message. */
    public String description() {
        return description;
    }

    /** The endpoint's port, empty when it is off. */
    public OptionalInt httpPort() {
        return ops == null ? OptionalInt.empty() : OptionalInt.of(ops.port());
    }

    @Override
    public void close() {
        try {
            pipeline.close();
        } finally {
            if (ops != null) {
                ops.close();
            }
            if (s3 != null) {
                s3.close();
            }
        }
    }
}
