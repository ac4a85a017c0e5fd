package dev.ledgerlens.app;

import dev.ledgerlens.config.ConfigSource;
import dev.ledgerlens.extract.Extractor;
import dev.ledgerlens.ingest.ClaimSettings;
import dev.ledgerlens.ingest.FolderBoundary;
import dev.ledgerlens.ingest.InputDisposition;
import dev.ledgerlens.ingest.ObjectDisposition;
import dev.ledgerlens.ingest.Intake;
import dev.ledgerlens.ingest.OriginalStore;
import dev.ledgerlens.render.DocumentRenderer;
import dev.ledgerlens.render.RenderSettings;
import dev.ledgerlens.store.Database;
import dev.ledgerlens.store.DatabaseSettings;
import dev.ledgerlens.store.BatchRepository;
import dev.ledgerlens.store.DeadLetterRepository;
import dev.ledgerlens.store.ExportLedger;
import dev.ledgerlens.store.ClaimRepository;
import dev.ledgerlens.store.RecordRepository;
import dev.ledgerlens.store.ReviewRepository;
import dev.ledgerlens.store.StoredRecords;
import dev.ledgerlens.validate.RecordValidator;
import dev.ledgerlens.validate.ValidationSettings;
import dev.ledgerlens.validate.ValidationStep;

import java.nio.file.Path;
import java.util.Map;

/**
 * The wiring root: settings, the database and the services built on them. Commands open one,
 * use what they need (an engine is built only by commands that extract) and close it.
 */
public final class Application implements AutoCloseable {
    private final ConfigSource config;
    private final Settings settings;
    private final Database database;
    private final ClaimRepository claims;
    private final RecordRepository records;
    private final StoredRecords storedRecords;
    private final ReviewRepository reviews;
    private final DeadLetterRepository deadLetters;
    private final ExportLedger exportLedger;
    private final BatchRepository batches;
    private final OriginalStore originals;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();
    private final Thread shutdownHook;
    private volatile boolean interrupted;
    private volatile AutoCloseable running;
    private Extractor extractor;

    private Application(ConfigSource config, Settings settings, Database database) {
        this.config = config;
        this.settings = settings;
        this.database = database;
        this.claims = new ClaimRepository(database.dataSource());
        this.records = new RecordRepository(database.dataSource());
        this.storedRecords = new StoredRecords(database.dataSource());
        this.reviews = new ReviewRepository(database.dataSource());
        this.deadLetters = new DeadLetterRepository(database.dataSource());
        this.exportLedger = new ExportLedger(database.dataSource());
        this.batches = new BatchRepository(database.dataSource());
        this.originals = new OriginalStore(settings.originalsDir());
        // the one shutdown hook: Ctrl-C / SIGTERM closes in order (pipeline, engine, database)
        this.shutdownHook = new Thread(() -> {
            interrupted = true;
            close();
        }, "ledgerlens-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Checks the settings, then opens (or starts) the database and migrates it. */
    public static Application open(ConfigSource config) {
        Settings settings = Settings.from(config);
        Database database = Database.open(DatabaseSettings.from(config, settings.dataDir()));
        return new Application(config, settings, database);
    }

    /**
     * What runs the pipeline (a {@link Pipeline}, or a watch run with its HTTP endpoint): closed first, letting
     * in-flight documents finish, before the engine and the database.
     */
    public void attach(AutoCloseable runner) {
        this.running = runner;
    }

    /** True when a signal (Ctrl-C, SIGTERM) is shutting the application down. */
    public boolean interrupted() {
        return interrupted;
    }

    public ConfigSource config() {
        return config;
    }

    public Settings settings() {
        return settings;
    }

    public Database database() {
        return database;
    }

    /** Claims on documents by SHA-256 (intake's side of the documents table). */
    public ClaimRepository claims() {
        return claims;
    }

    /** The read model over stored records: exports, status, review. */
    public StoredRecords storedRecords() {
        return storedRecords;
    }

    /** A reviewer's decisions. */
    public ReviewRepository reviews() {
        return reviews;
    }

    /** OpenAI batches and their requests. */
    public BatchRepository batches() {
        return batches;
    }

    public DeadLetterRepository deadLetters() {
        return deadLetters;
    }

    /** What went out in which accounting format, so that each bill is exported once. */
    public ExportLedger exportLedger() {
        return exportLedger;
    }

    public OriginalStore originals() {
        return originals;
    }

    /** The configured extraction engine, built on first use. */
    public synchronized Extractor extractor() {
        if (extractor == null) {
            extractor = Engines.create(settings, config);
        }
        return extractor;
    }

    /** The beans for a run reading {@code input}, with its files handled as {@code after} says. */
    public PipelineSteps steps(Path input, InputDisposition.After after, RunTracker tracker) {
        return steps(input, after, tracker, null);
    }

    /**
     * As {@link #steps(Path, InputDisposition.After, RunTracker)}, with {@code objects} handling {@code s3://}
     * sources. One intake serves every route of the run, replays included.
     */
    public PipelineSteps steps(Path input, InputDisposition.After after, RunTracker tracker, ObjectDisposition objects) {
        return steps(input, after, tracker, objects, null);
    }

    /** As above, with what the run does with OpenAI batches ({@link BatchCycle#stage()}); null: nothing. */
    PipelineSteps steps(Path input, InputDisposition.After after, RunTracker tracker, ObjectDisposition objects,
                        BatchStage batch) {
        // links in the input folder are followed only to files inside it; other sources pass the check
        Intake intake = new Intake(originals, claims, settings.maxFileBytes(),
                input == null ? FolderBoundary.none() : FolderBoundary.of(input));
        DocumentRenderer renderer = new DocumentRenderer(RenderSettings.from(config));
        DocumentExits exits = new DocumentExits(renderer, intake, new InputDisposition(after, input, objects), tracker,
                settings.workDir());
        ValidationStep validation = new ValidationStep(new RecordValidator(ValidationSettings.from(config)), extractor());
        return new PipelineSteps(new SourceSteps(intake, exits, tracker),
                new StageSteps(renderer, extractor(), validation, records, exits, tracker, settings.workDir(), batch),
                new FailureSteps(deadLetters, exits, tracker));
    }

    /** Starts the pipeline on a source. */
    public Pipeline start(Pipeline.Source source, PipelineSteps steps, RunTracker tracker) {
        return start(source, steps, tracker, Map.of());
    }

    /** Starts the pipeline on a source, with more beans bound by name (the S3 client, for one). */
    public Pipeline start(Pipeline.Source source, PipelineSteps steps, RunTracker tracker, Map<String, Object> beans) {
        Map<String, Object> all = new java.util.HashMap<>(beans);
        all.putAll(steps.beans());
        return Pipeline.start(source, settings, all, tracker, database.dataSource(), ClaimSettings.from(config));
    }

    /** Stops the attached pipeline, the engine and the database, once; safe from any thread. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (!interrupted) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException alreadyShuttingDown) {
                // the JVM is exiting; the hook is running or about to
            }
        }
        AutoCloseable runner = running;
        if (runner != null) {
            try {
                runner.close();
            } catch (Exception e) {
                org.slf4j.LoggerFactory.getLogger(Application.class).warn("the pipeline did not stop cleanly: {}", e.toString());
            }
        }
        if (extractor instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                org.slf4j.LoggerFactory.getLogger(Application.class).warn("engine did not close cleanly: {}", e.toString());
            }
        }
        database.close();
    }
}
