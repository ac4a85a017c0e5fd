package dev.ledgerlens.stress;

import dev.ledgerlens.testing.ToolFlags;
import dev.ledgerlens.ingest.InputDisposition;
import dev.ledgerlens.app.Application;
import dev.ledgerlens.app.BatchRun;
import dev.ledgerlens.config.ConfigSource;
import dev.ledgerlens.app.RunTracker;
import dev.ledgerlens.testing.FakeOpenAiServer;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;

/**
 * Database restart in the middle of a run: the application (in this JVM, on an {@link ExternalPostgres}) works
 * through a folder of receipts answered by a {@link FakeOpenAiServer} with latency; once a third of them reached
 * the model the harness stops PostgreSQL ({@code pg_ctl stop -m fast|immediate}), keeps it down for the outage,
 * and starts it again. Documents in flight fail with DATABASE_UNAVAILABLE (TRANSIENT) and Camel redelivers them;
 * afterwards every document must be stored exactly once and none dead-lettered ({@link ExactlyOnceCheck}).
 *
 * <p>Command line: {@code DatabaseRestartHarness <workdir> [--documents 200] [--outage-ms 5000] [--restarts 1]
 * [--mode fast|immediate] [--latency-ms 300] [--concurrency 8]}; exit code 0 when every check passes.
 * Not thread-safe: one harness per work directory.
 */
public final class DatabaseRestartHarness {
    /** What one run does. */
    public record Options(Path workDir, int documents, int restarts, Duration outage, String mode, Duration latency,
                          int concurrency) {
    }

    /** The run's outcome as the user sees it, and every broken guarantee (empty: all held). */
    public record Report(int restartsDone, int redeliveries, RunTracker.Summary summary, Map<String, Long> statusCounts,
                         List<String> violations) {
        public boolean passed() {
            return violations.isEmpty();
        }

        @Override
        public String toString() {
            return "restarts=" + restartsDone + ", Camel redeliveries=" + redeliveries + ", stored=" + summary.stored() + ", dead-lettered=" + summary.deadLettered()
                    + ", seconds=" + summary.elapsed().toSeconds() + ", documents by status=" + statusCounts
                    + (violations.isEmpty() ? ", no violations" : ", VIOLATIONS:\n  " + String.join("\n  ", violations));
        }
    }

    private final Options options;

    public DatabaseRestartHarness(Options options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> flags = ToolFlags.after(args);
        Options options = new Options(Path.of(args[0]), Integer.parseInt(flags.getOrDefault("documents", "200")),
                Integer.parseInt(flags.getOrDefault("restarts", "1")),
                Duration.ofMillis(Long.parseLong(flags.getOrDefault("outage-ms", "5000"))),
                flags.getOrDefault("mode", "fast"), Duration.ofMillis(Long.parseLong(flags.getOrDefault("latency-ms", "300"))),
                Integer.parseInt(flags.getOrDefault("concurrency", "8")));
        Report report = new DatabaseRestartHarness(options).run(ExternalPostgres.binaries().orElseThrow(() ->
                new IllegalStateException("no PostgreSQL binaries (apt-get install postgresql)")));
        System.out.println("database restart (" + options.documents() + " documents, " + options.outage().toMillis()
                + " ms outage, pg_ctl stop -m " + options.mode() + "): " + report);
        System.exit(report.passed() ? 0 : 1);
    }

    public Report run(Path postgresBinaries) throws Exception {
        Path inbox = options.workDir().resolve("inbox");
        ReceiptBatch batch = ReceiptBatch.write(inbox, options.documents());
        Map<String, String> expected = batch.documents().stream()
                .collect(Collectors.toMap(ReceiptBatch.Receipt::sha256, r -> r.file().getFileName().toString()));
        List<String> violations = new ArrayList<>();
        AtomicInteger redeliveries = new AtomicInteger();
        // Camel logs each redelivery attempt (retryAttemptedLogLevel: WARN in errors.yaml); counting them shows
        // the documents in flight really failed and came back, rather than the outage passing unnoticed
        ch.qos.logback.classic.Logger root = (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
        AppenderBase<ILoggingEvent> counter = new AppenderBase<>() {
            @Override
            protected void append(ILoggingEvent event) {
                if (event.getFormattedMessage().contains("On delivery attempt")) {
                    redeliveries.incrementAndGet();
                }
            }
        };
        counter.start();
        root.addAppender(counter);
        try (FakeOpenAiServer model = FakeOpenAiServer.start();
             ExternalPostgres database = ExternalPostgres.start(postgresBinaries)) {
            model.latency(options.latency());
            batch.script(model);
            Properties properties = new Properties();
            properties.setProperty("ledgerlens.input.exclude", ".*\\.expected\\.json");
            ConfigSource config = new ConfigSource(properties, Map.of(
                    "LEDGERLENS_DATA_DIR", options.workDir().resolve("data").toString(),
                    "LEDGERLENS_DB_URL", database.jdbcUrl(),
                    "LEDGERLENS_DB_USER", "postgres",
                    "LEDGERLENS_ENGINE", "openai",
                    "LEDGERLENS_CONCURRENCY", Integer.toString(options.concurrency()),
                    "OPENAI_API_KEY", "sk-restart-harness",
                    "OPENAI_BASE_URL", model.baseUrl()));
            int restarts = 0;
            RunTracker.Summary summary;
            try (Application application = Application.open(config)) {
                RunTracker tracker = new RunTracker();
                CompletableFuture<RunTracker.Summary> run = CompletableFuture.supplyAsync(
                        () -> new BatchRun(application).run(inbox, InputDisposition.After.KEEP, tracker, null));
                for (int i = 1; i <= options.restarts(); i++) {
                    int threshold = options.documents() * i / (options.restarts() + 2);
                    await().atMost(Duration.ofMinutes(5)).until(() -> model.requestCount() >= threshold || run.isDone());
                    if (run.isDone()) {
                        break;
                    }
                    database.stop(options.mode());
                    // the outage itself: how long PostgreSQL stays down is the experiment's parameter
                    TimeUnit.MILLISECONDS.sleep(options.outage().toMillis());
                    database.start();
                    restarts++;
                }
                summary = run.get(15, TimeUnit.MINUTES);
                ExactlyOnceCheck check = ExactlyOnceCheck.of(application.database().dataSource(), expected);
                violations.addAll(check.violations());
                if (restarts < options.restarts()) {
                    violations.add("only " + restarts + " of " + options.restarts() + " restarts happened before the run ended");
                }
                return new Report(restarts, redeliveries.get(), summary, check.statusCounts(), List.copyOf(violations));
            } catch (SQLException e) {
                violations.add("cannot read the database after the run: " + e);
                return new Report(restarts, redeliveries.get(), new RunTracker().summary(), Map.of(), List.copyOf(violations));
            }
        } finally {
            root.detachAppender(counter);
        }
    }
}
