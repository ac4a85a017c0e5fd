package dev.ledgerlens.stress;

import dev.ledgerlens.testing.ToolFlags;
import dev.ledgerlens.config.ConfigSource;
import dev.ledgerlens.store.Database;
import dev.ledgerlens.store.DatabaseSettings;
import dev.ledgerlens.testing.FakeOpenAiServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;

/**
 * Crash-and-restart check of the packaged application: runs {@code java -jar target/ledgerlens.jar run --once}
 * as a subprocess over a folder of generated receipts, answered by a {@link FakeOpenAiServer} with latency,
 * and {@code kill -9}s it at random moments (some during start-up, most while documents are in flight), then
 * restarts it, {@code kills} times, and finally lets one run finish. Afterwards every document must be stored
 * exactly once (one documents row, stored status, one extraction), nothing left 'processing' or dead-lettered,
 * every input file present exactly once (in the inbox with {@code --after keep}; in inbox/, done/ or failed/
 * with {@code --after move}, checked after every kill too), and the embedded PostgreSQL orphaned by each kill
 * stopped by the next start (no postmaster of the data directory left running at the end).
 *
 * <p>The checks look only at the database tables, the files and the processes, never at how the application
 * claims documents, so the harness runs unchanged when the claim moves to Camel's JDBC idempotent repository.
 *
 * <p>Command line: {@code CrashHarness <workdir> [--documents 300] [--kills 10] [--after keep|move]
 * [--latency-ms 250] [--concurrency 8] [--seed 1] [--copies 0]}; {@code --copies K} adds byte-identical copies of
 * K receipts under other names (the same document twice in one folder must still be stored once); exit code 0 when every check passes, 1 otherwise.
 * Not thread-safe: one harness per work directory.
 */
public final class CrashHarness {
    /** What one harness run does. */
    public record Options(Path workDir, Path jar, int documents, int kills, String after, Duration latency,
                          int concurrency, long seed, int copies) {
    }

    /** What was observed: the kills and restarts, and every violation of the guarantees (empty: all held). */
    public record Report(int killsDone, int killsDuringStartup, int storedByKilledRuns, int orphansLeft,
                         int orphansStoppedByNextStart, int runsToFinish, Duration elapsed, Map<String, Long> statusCounts,
                         List<String> violations) {
        public boolean passed() {
            return violations.isEmpty();
        }

        @Override
        public String toString() {
            return "kills=" + killsDone + " (during start-up " + killsDuringStartup + "), documents stored by the killed runs="
                    + storedByKilledRuns + ", orphaned PostgreSQL servers="
                    + orphansLeft + ", stopped by the next start=" + orphansStoppedByNextStart + ", runs=" + runsToFinish
                    + ", elapsed=" + elapsed.toSeconds() + "s, documents by status=" + statusCounts
                    + (violations.isEmpty() ? ", no violations" : ", VIOLATIONS:\n  " + String.join("\n  ", violations));
        }
    }

    private final Options options;
    private final Random random;
    private final List<String> violations = new ArrayList<>();

    public CrashHarness(Options options) {
        this.options = options;
        this.random = new Random(options.seed());
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: CrashHarness <workdir> [--documents N] [--kills K] [--after keep|move] "
                    + "[--latency-ms L] [--concurrency C] [--seed S] [--jar target/ledgerlens.jar]");
            System.exit(64);
        }
        Map<String, String> flags = ToolFlags.after(args);
        Options options = new Options(Path.of(args[0]), Path.of(flags.getOrDefault("jar", "target/ledgerlens.jar")),
                Integer.parseInt(flags.getOrDefault("documents", "300")), Integer.parseInt(flags.getOrDefault("kills", "10")),
                flags.getOrDefault("after", "keep"), Duration.ofMillis(Long.parseLong(flags.getOrDefault("latency-ms", "250"))),
                Integer.parseInt(flags.getOrDefault("concurrency", "8")), Long.parseLong(flags.getOrDefault("seed", "1")),
                Integer.parseInt(flags.getOrDefault("copies", "0")));
        Report report = new CrashHarness(options).run();
        System.out.println("crash harness (" + options.documents() + " documents, --after " + options.after() + "): " + report);
        System.exit(report.passed() ? 0 : 1);
    }

    /** Runs the whole experiment; the work directory must be empty or absent. */
    public Report run() throws IOException, InterruptedException {
        long started = System.nanoTime();
        Path inbox = options.workDir().resolve("inbox");
        Path dataDir = options.workDir().resolve("data");
        ReceiptBatch batch = ReceiptBatch.write(inbox, options.documents());
        Map<String, String> expected = batch.documents().stream()
                .collect(Collectors.toMap(ReceiptBatch.Receipt::sha256, r -> r.file().getFileName().toString()));
        // byte-identical copies under other names: the same document twice in one folder, stored once
        Map<String, Long> filesPerDocument = new HashMap<>();
        expected.keySet().forEach(sha -> filesPerDocument.put(sha, 1L));
        for (int i = 0; i < Math.min(options.copies(), batch.documents().size()); i++) {
            ReceiptBatch.Receipt receipt = batch.documents().get(i);
            Files.copy(receipt.file(), inbox.resolve("copy-of-" + receipt.file().getFileName()));
            filesPerDocument.put(receipt.sha256(), 2L);
        }
        int killsDone = 0;
        int duringStartup = 0;
        int orphans = 0;
        int orphansStopped = 0;
        int runs = 0;
        int storedBeforeKills = 0;
        Map<String, Long> counts;
        try (FakeOpenAiServer server = FakeOpenAiServer.start()) {
            server.latency(options.latency());
            batch.script(server);
            Optional<ProcessHandle> pendingOrphan = Optional.empty();
            boolean finished = false;
            while (!finished) {
                runs++;
                boolean kill = killsDone < options.kills();
                Process process = launch(server, dataDir, inbox, runs);
                if (kill) {
                    // a fifth of the kills hit start-up (database start, migrations, orphan clean-up); the rest
                    // land after a random number (1 to 5×concurrency, at most documents/(kills+1)) of this run's model requests plus up to
                    // half a second, so that documents are caught in every stage, storing and moving included
                    boolean atStartup = random.nextInt(5) == 0;
                    int requestsBefore = server.requestCount();
                    if (atStartup) {
                        process.waitFor(200 + random.nextInt(4000), TimeUnit.MILLISECONDS);
                    } else {
                        // at most a share of the documents per killed run, so that every kill finds work left
                        int most = Math.max(1, Math.min(5 * options.concurrency(), options.documents() / (options.kills() + 1)));
                        waitForRequests(server, requestsBefore + 1 + random.nextInt(most), process);
                        process.waitFor(random.nextInt(500), TimeUnit.MILLISECONDS);
                    }
                    if (process.isAlive()) {
                        process.destroyForcibly(); // SIGKILL: no shutdown hook, no graceful close
                        process.waitFor();
                        killsDone++;
                        storedBeforeKills += storedIn(options.workDir().resolve("logs").resolve("run-" + runs + ".log"));
                        duringStartup += server.requestCount() == requestsBefore ? 1 : 0;
                    } else {
                        finished = checkExit(process, runs);
                    }
                } else {
                    if (!process.waitFor(15, TimeUnit.MINUTES)) {
                        process.destroyForcibly();
                        violations.add("run " + runs + " did not finish within 15 minutes");
                    }
                    finished = true;
                    checkExit(process, runs);
                }
                if (pendingOrphan.isPresent() && !pendingOrphan.get().isAlive()) {
                    orphansStopped++;
                    pendingOrphan = Optional.empty();
                }
                Optional<ProcessHandle> orphan = postmaster(dataDir).filter(ProcessHandle::isAlive);
                if (!finished && orphan.isPresent() && !orphan.equals(pendingOrphan)) {
                    orphans++;
                    pendingOrphan = orphan;
                }
                if (options.after().equals("move")) {
                    checkFilesMoved(inbox, expected, filesPerDocument, "after run " + runs, false);
                }
            }
            if (pendingOrphan.isPresent()) {
                violations.add("the PostgreSQL orphaned by the last kill (pid " + pendingOrphan.get().pid()
                        + ") was not stopped by the next start");
            }
            postmaster(dataDir).filter(ProcessHandle::isAlive).ifPresent(p ->
                    violations.add("a PostgreSQL (pid " + p.pid() + ") still runs on the data directory after the last run"));
            counts = checkDatabase(dataDir, expected);
            if (options.after().equals("move")) {
                checkFilesMoved(inbox, expected, filesPerDocument, "at the end", true);
            } else {
                checkFilesKept(inbox, expected, filesPerDocument);
            }
        }
        return new Report(killsDone, duringStartup, storedBeforeKills, orphans, orphansStopped, runs,
                Duration.ofNanos(System.nanoTime() - started), counts, List.copyOf(violations));
    }

    private Process launch(FakeOpenAiServer server, Path dataDir, Path inbox, int run) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-jar", options.jar().toAbsolutePath().toString(),
                "run", "--once", "--input", inbox.toString(), "--after", options.after(), "--json", "--no-progress");
        Map<String, String> environment = builder.environment();
        environment.keySet().removeIf(key -> key.startsWith("LEDGERLENS_") || key.startsWith("OPENAI_"));
        environment.put("LEDGERLENS_DATA_DIR", dataDir.toString());
        environment.put("LEDGERLENS_ENGINE", "openai");
        environment.put("LEDGERLENS_CONCURRENCY", Integer.toString(options.concurrency()));
        environment.put("OPENAI_API_KEY", "sk-crash-harness");
        environment.put("OPENAI_BASE_URL", server.baseUrl());
        Path log = options.workDir().resolve("logs").resolve("run-" + run + ".log");
        Files.createDirectories(log.getParent());
        builder.redirectErrorStream(true).redirectOutput(log.toFile());
        return builder.start();
    }

    /** Returns once the server got {@code count} requests in all, or the process ended. */
    private static void waitForRequests(FakeOpenAiServer server, int count, Process process) {
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(20))
                .until(() -> server.requestCount() >= count || !process.isAlive());
    }

    /** Documents a run reported as stored before it was killed (its log's "stored as" lines). */
    private static int storedIn(Path log) throws IOException {
        try (Stream<String> lines = Files.lines(log)) {
            return (int) lines.filter(line -> line.contains(") stored as ")).count();
        }
    }

    private boolean checkExit(Process process, int run) {
        int code = process.exitValue();
        if (code != 0) {
            violations.add("run " + run + " exited with " + code + " (see logs/run-" + run + ".log)");
        }
        return true;
    }

    /** The postmaster named in the data directory's postmaster.pid, if that process exists. */
    private static Optional<ProcessHandle> postmaster(Path dataDir) throws IOException {
        Path pidFile = dataDir.resolve("postgres").resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return Optional.empty();
        }
        List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
        if (lines.isEmpty() || lines.get(0).isBlank()) {
            return Optional.empty();
        }
        return ProcessHandle.of(Long.parseLong(lines.get(0).trim()));
    }

    private Map<String, Long> checkDatabase(Path dataDir, Map<String, String> expected) {
        // opening the data directory again is itself a check: it must be usable after every kill
        try (Database database = Database.open(DatabaseSettings.from(
                new ConfigSource(new Properties(), Map.of("LEDGERLENS_DATA_DIR", dataDir.toString())), dataDir))) {
            ExactlyOnceCheck check = ExactlyOnceCheck.of(database.dataSource(), expected);
            violations.addAll(check.violations());
            return check.statusCounts();
        } catch (SQLException | RuntimeException e) {
            violations.add("the data directory is not usable after the kills: " + e);
            return Map.of();
        }
    }

    private void checkFilesKept(Path inbox, Map<String, String> expected, Map<String, Long> files) throws IOException {
        Map<String, Long> found = hashes(inbox);
        expected.forEach((sha, name) -> {
            if (!found.getOrDefault(sha, 0L).equals(files.get(sha))) {
                violations.add(name + ": " + found.getOrDefault(sha, 0L) + " files in the inbox, expected " + files.get(sha)
                        + " (--after keep)");
            }
        });
    }

    private void checkFilesMoved(Path inbox, Map<String, String> expected, Map<String, Long> files, String when,
                                 boolean finished) throws IOException {
        Path parent = inbox.getParent();
        Map<String, Long> inInbox = hashes(inbox);
        Map<String, Long> done = hashes(parent.resolve("done"));
        Map<String, Long> failed = hashes(parent.resolve("failed"));
        expected.forEach((sha, name) -> {
            long copies = inInbox.getOrDefault(sha, 0L) + done.getOrDefault(sha, 0L) + failed.getOrDefault(sha, 0L);
            if (copies != files.get(sha)) {
                violations.add(name + " " + when + ": " + copies + " files across inbox/, done/ and failed/, expected "
                        + files.get(sha));
            } else if (finished && !done.getOrDefault(sha, 0L).equals(files.get(sha))) {
                violations.add(name + " " + when + ": not in done/ (inbox " + inInbox.getOrDefault(sha, 0L)
                        + ", failed " + failed.getOrDefault(sha, 0L) + ")");
            }
        });
    }

    private static Map<String, Long> hashes(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return Map.of();
        }
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile)
                    .collect(Collectors.groupingBy(ReceiptBatch::sha256, Collectors.counting()));
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
