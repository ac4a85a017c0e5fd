package dev.ledgerlens.stress;

import dev.ledgerlens.testing.ToolFlags;
import dev.ledgerlens.app.Application;
import dev.ledgerlens.app.BatchRun;
import dev.ledgerlens.app.RunTracker;
import dev.ledgerlens.app.SourceKind;
import dev.ledgerlens.app.WatchRun;
import dev.ledgerlens.config.ConfigSource;
import dev.ledgerlens.failure.FailureReason;
import dev.ledgerlens.ingest.InputDisposition;
import dev.ledgerlens.testing.FakeOpenAiServer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;

/**
 * A database outage longer than the pipeline rides out: {@code watch --after move} on a folder of receipts (the
 * application in this JVM, on an {@link ExternalPostgres}, the model a {@link FakeOpenAiServer} with latency);
 * once a third of them reached the model, PostgreSQL is stopped ({@code pg_ctl stop -m immediate}) for the outage.
 * <ul>
 *   <li>the watch must stop by itself as FATAL ({@code DATABASE_LOST}) within the bound its settings give, and no file
 *       may be in {@code done/} or {@code failed/} without its record or dead letter: checked once the database is
 *       back, before anything else runs;</li>
 *   <li>then {@code run --once --after move} on the same folder (what the next nightly run, or a restarted service,
 *       does): every document stored exactly once, no row left 'processing', every file in {@code done/}.</li>
 * </ul>
 * <p>Command line: {@code DatabaseOutageHarness <workdir> [--documents 200] [--outage-ms 180000]
 * [--redeliveries 3] [--connect-timeout-ms 30000] [--latency-ms 300]}; exit code 0 when every check passes.
 * Not thread-safe: one harness per work directory.
 */
public final class DatabaseOutageHarness {
    /** What one run does. */
    public record Options(Path workDir, int documents, Duration outage, int redeliveries, Duration connectTimeout,
                          Duration latency) {
    }

    /**
     * What happened.
     *
     * @param stoppedAfter how long after PostgreSQL went down the watch stopped (null: it did not)
     * @param fatal        the failure it stopped with
     * @param second       the summary of the run that took the documents up afterwards
     */
    public record Report(Duration stoppedAfter, String fatal, long doneBeforeOutageEnded, RunTracker.Summary second,
                         Map<String, Long> statusCounts, List<String> violations) {
        public boolean passed() {
            return violations.isEmpty();
        }

        @Override
        public String toString() {
            return "watch stopped " + (stoppedAfter == null ? "never" : stoppedAfter.toSeconds() + " s after the database")
                    + " with " + fatal + "; files in done/ when it stopped: " + doneBeforeOutageEnded
                    + "; next run stored " + (second == null ? "-" : second.stored()) + " in "
                    + (second == null ? "-" : second.elapsed().toSeconds() + " s") + "; documents by status=" + statusCounts
                    + (violations.isEmpty() ? ", no violations" : ", VIOLATIONS:\n  " + String.join("\n  ", violations));
        }
    }

    private final Options options;

    public DatabaseOutageHarness(Options options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> flags = ToolFlags.after(args);
        Options options = new Options(Path.of(args[0]), Integer.parseInt(flags.getOrDefault("documents", "200")),
                Duration.ofMillis(Long.parseLong(flags.getOrDefault("outage-ms", "180000"))),
                Integer.parseInt(flags.getOrDefault("redeliveries", "3")),
                Duration.ofMillis(Long.parseLong(flags.getOrDefault("connect-timeout-ms", "30000"))),
                Duration.ofMillis(Long.parseLong(flags.getOrDefault("latency-ms", "300"))));
        Report report = new DatabaseOutageHarness(options).run(ExternalPostgres.binaries().orElseThrow(() ->
                new IllegalStateException("no PostgreSQL binaries (apt-get install postgresql)")));
        System.out.println("database outage (" + options.documents() + " documents, " + options.outage().toSeconds()
                + " s down, redelivery.max " + options.redeliveries() + ", connect-timeout "
                + options.connectTimeout().toSeconds() + " s): " + report);
        System.exit(report.passed() ? 0 : 1);
    }

    public Report run(Path postgresBinaries) throws Exception {
        Path inbox = options.workDir().resolve("inbox");
        ReceiptBatch batch = ReceiptBatch.write(inbox, options.documents());
        Map<String, String> expected = batch.documents().stream()
                .collect(Collectors.toMap(ReceiptBatch.Receipt::sha256, r -> r.file().getFileName().toString()));
        List<String> violations = new ArrayList<>();
        try (FakeOpenAiServer model = FakeOpenAiServer.start();
             ExternalPostgres database = ExternalPostgres.start(postgresBinaries)) {
            model.latency(options.latency());
            batch.script(model);
            ConfigSource config = config(database, model);
            Duration stoppedAfter = null;
            String fatal = "nothing";
            long doneWhenStopped;
            try (Application application = Application.open(config)) {
                RunTracker tracker = new RunTracker();
                WatchRun watch = WatchRun.start(application, SourceKind.FILE, inbox, InputDisposition.After.MOVE, tracker);
                try {
                    await().atMost(Duration.ofMinutes(5)).until(() -> model.requestCount() >= options.documents() / 3);
                    database.stop("immediate");
                    long down = System.nanoTime();
                    // what the watch command does: run until a fatal failure stops it (WatchCommand)
                    await().atMost(options.outage()).pollInterval(Duration.ofMillis(100))
                            .until(() -> tracker.fatalFailure().isPresent());
                    stoppedAfter = Duration.ofNanos(System.nanoTime() - down);
                    fatal = tracker.fatalFailure().map(f -> f.reason().name()).orElse("nothing");
                    if (tracker.fatalFailure().map(f -> f.reason() != FailureReason.DATABASE_LOST).orElse(true)) {
                        violations.add("the watch stopped with " + fatal + ", expected DATABASE_LOST");
                    }
                } catch (org.awaitility.core.ConditionTimeoutException e) {
                    violations.add("the watch did not stop by itself while the database was down for "
                            + options.outage().toSeconds() + " s");
                } finally {
                    watch.close();
                }
                doneWhenStopped = files(options.workDir().resolve("done")).size() + files(options.workDir().resolve("failed")).size();
                long left = options.outage().toNanos() - (stoppedAfter == null ? options.outage().toNanos() : stoppedAfter.toNanos());
                // the rest of the outage: how long PostgreSQL stays down is the experiment's parameter
                TimeUnit.NANOSECONDS.sleep(Math.max(0, left));
                database.start();
                // after a crash PostgreSQL replays its WAL before it takes connections
                await().atMost(Duration.ofMinutes(2)).until(() -> application.database().isReachable());
                violations.addAll(movedWithoutARecord(application, options.workDir(), expected));
            }
            RunTracker.Summary second;
            Map<String, Long> counts;
            try (Application application = Application.open(config)) {
                second = new BatchRun(application).run(inbox, InputDisposition.After.MOVE, new RunTracker(), null);
                ExactlyOnceCheck check = ExactlyOnceCheck.of(application.database().dataSource(), expected);
                violations.addAll(check.violations());
                counts = check.statusCounts();
                if (counts.getOrDefault("processing", 0L) > 0) {
                    violations.add(counts.get("processing") + " documents still 'processing' after the next run");
                }
            }
            List<Path> left = files(inbox);
            if (!left.isEmpty()) {
                violations.add(left.size() + " files still in the inbox after the next run, e.g. " + left.get(0));
            }
            if (files(options.workDir().resolve("done")).size() != options.documents()) {
                violations.add(files(options.workDir().resolve("done")).size() + " files in done/, expected " + options.documents());
            }
            return new Report(stoppedAfter, fatal, doneWhenStopped, second, counts, List.copyOf(violations));
        }
    }

    private ConfigSource config(ExternalPostgres database, FakeOpenAiServer model) {
        Properties properties = new Properties();
        properties.setProperty("ledgerlens.input.exclude", ".*\\.expected\\.json");
        return new ConfigSource(properties, Map.of(
                "LEDGERLENS_DATA_DIR", options.workDir().resolve("data").toString(),
                "LEDGERLENS_DB_URL", database.jdbcUrl(),
                "LEDGERLENS_DB_USER", "postgres",
                "LEDGERLENS_DB_CONNECT_TIMEOUT", options.connectTimeout().toMillis() + "ms",
                "LEDGERLENS_REDELIVERY_MAX", Integer.toString(options.redeliveries()),
                "LEDGERLENS_HTTP_PORT", "-1",
                "LEDGERLENS_ENGINE", "openai",
                "LEDGERLENS_CONCURRENCY", "8",
                "OPENAI_API_KEY", "sk-outage-harness",
                "OPENAI_BASE_URL", model.baseUrl()));
    }

    /** Every file set aside (done/ or failed/) must have its record or its dead letter. */
    private static List<String> movedWithoutARecord(Application application, Path workDir, Map<String, String> expected)
            throws Exception {
        Map<String, String> byName = expected.entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getValue, Map.Entry::getKey));
        List<String> violations = new ArrayList<>();
        for (Path file : files(workDir.resolve("done"))) {
            String sha = byName.get(file.getFileName().toString());
            if (sha == null) {
                continue;
            }
            try (Connection connection = application.database().dataSource().getConnection();
                 PreparedStatement statement = connection.prepareStatement(
                         "select status from documents where sha256 = ?")) {
                statement.setString(1, sha);
                try (ResultSet rows = statement.executeQuery()) {
                    String status = rows.next() ? rows.getString(1) : null;
                    if (status == null || !List.of("valid", "needs_review", "duplicate").contains(status)) {
                        violations.add(file.getFileName() + " is in done/ but its document is " + status);
                    }
                }
            }
        }
        for (Path file : files(workDir.resolve("failed"))) {
            violations.add(file.getFileName() + " is in failed/ (the scripted model always answers)");
        }
        return violations;
    }

    private static List<Path> files(Path folder) throws java.io.IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            return paths.filter(Files::isRegularFile).filter(p -> !p.toString().endsWith(".expected.json")).toList();
        }
    }
}
