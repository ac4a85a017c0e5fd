package dev.ledgerlens.app;

import dev.ledgerlens.config.ConfigSource;
import dev.ledgerlens.failure.FailureReason;
import dev.ledgerlens.ingest.InputDisposition.After;
import dev.ledgerlens.failure.LedgerlensException;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * The application-level settings, checked when built. Stage settings (render, engines, validation)
 * are records of their own, built from the same {@link ConfigSource}.
 *
 * @param dataDir          embedded database, kept originals, page images
 * @param engine           which extraction engine runs
 * @param concurrency      documents in flight at once
 * @param input            the folder {@code run --once} and {@code watch} read
 * @param after            what happens to an input file once processed; null = the command's default
 * @param maxFileBytes     larger files are dead-lettered as TOO_LARGE without being read
 * @param maxRedeliveries  Camel redeliveries of a TRANSIENT failure before it is dead-lettered
 * @param redeliveryDelay  the first redelivery's delay; doubled each time
 * @param shutdownTimeout  how long Ctrl-C / SIGTERM waits for in-flight documents
 */
public record Settings(Path dataDir, Engine engine, int concurrency, int renderThreads, Path input, After after, long maxFileBytes,
                       int maxRedeliveries, Duration redeliveryDelay, Duration shutdownTimeout) {

    /** The extraction engines. */
    public enum Engine { OFFLINE, OPENAI }

    public static Settings from(ConfigSource config) {
        Path dataDir = Path.of(config.getString("ledgerlens.data-dir", "./data"));
        Engine engine = config.get("ledgerlens.engine")
                .map(value -> parseEngine(value))
                // a new user without a key gets a working pipeline; a key means they want the model
                .orElse(config.environment("OPENAI_API_KEY").isPresent() ? Engine.OPENAI : Engine.OFFLINE);
        int concurrency = config.getInt("ledgerlens.concurrency", 8);
        if (concurrency < 1 || concurrency > 512) {
            throw ConfigSource.invalid("ledgerlens.concurrency", String.valueOf(concurrency), "between 1 and 512");
        }
        // Rendering is CPU work: more threads than cores only queue for them, and a rendered page waits for a
        // model slot instead of holding one while it is drawn.
        int renderThreads = config.getInt("ledgerlens.render-threads",
                Math.min(concurrency, Runtime.getRuntime().availableProcessors()));
        if (renderThreads < 1 || renderThreads > 512) {
            throw ConfigSource.invalid("ledgerlens.render-threads", String.valueOf(renderThreads), "between 1 and 512");
        }
        if (engine == Engine.OPENAI && config.environment("OPENAI_API_KEY").isEmpty()) {
            throw new LedgerlensException(FailureReason.CONFIGURATION_INVALID,
                    "LEDGERLENS_ENGINE is openai but OPENAI_API_KEY is not set; set it, or use LEDGERLENS_ENGINE=offline");
        }
        long maxFileBytes = config.getLong("ledgerlens.max-file-bytes", 100L * 1024 * 1024);
        if (maxFileBytes < 1) {
            throw ConfigSource.invalid("ledgerlens.max-file-bytes", String.valueOf(maxFileBytes), "a positive number of bytes");
        }
        return new Settings(dataDir, engine, concurrency, renderThreads,
                Path.of(config.getString("ledgerlens.input", "sample-inputs")),
                config.getEnum("ledgerlens.after", After.class, null),
                maxFileBytes,
                config.getInt("ledgerlens.redelivery.max", 3),
                config.getDuration("ledgerlens.redelivery.delay", Duration.ofSeconds(2)),
                config.getDuration("ledgerlens.shutdown-timeout", Duration.ofSeconds(30)));
    }

    private static Engine parseEngine(String value) {
        try {
            return Engine.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ConfigSource.invalid("ledgerlens.engine", value, "offline or openai");
        }
    }

    public Path originalsDir() {
        return dataDir.resolve("originals");
    }

    public Path workDir() {
        return dataDir.resolve("work");
    }
}
