package dev.ledgerlens.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ledgerlens.failure.LedgerlensException;
import dev.ledgerlens.store.Database;
import dev.ledgerlens.store.DatabaseSettings;
import dev.ledgerlens.testing.HostileCorpus;
import dev.ledgerlens.testing.HostileCorpus.Entry;
import dev.ledgerlens.testing.HostileCorpus.MatrixCase;
import dev.ledgerlens.testing.HostileCorpus.Outcome;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bomb matrix (docs/reliability.md, "Bombs and runaway work"): the cases of {@link HostileCorpus#writeBombMatrix}
 * run through the real application in a JVM of its own started with {@code -Xmx256m -XX:+ExitOnOutOfMemoryError}
 * ({@link BombMatrixChild}), so that an exhausted heap ends that JVM instead of hiding in this one. One JVM runs every
 * case in turn, booting the application and its database once, twice over: a timed run, and a run that weighs the heap;
 * each case is measured against the heap level right before it. For every case: each file ends as the corpus says (a
 * typed dead letter, a record, or skipped with a log line that names it), the JVM lives through it, the heap held (in
 * use right after a full collection) grows by less than 64 MB, and ten seconds after the render deadline no render
 * thread is alive and no thread is busy.
 *
 * <p>The child reports each case as it starts and as it ends: a JVM that dies (or hangs) in a case is reported as that
 * case's failure, and a fresh JVM runs the cases after it.
 *
 * <p>Prints a table of time and heap per case, the figures in docs/benchmarks.md.
 */
class BombMatrixIT {
    /** A case that has not ended by then is hung. */
    private static final long CASE_TIMEOUT_SECONDS = 150;
    /** Starting the JVM, the database and the warm-up before the first case; far above the usual 10–20 s. */
    private static final long BOOT_TIMEOUT_SECONDS = 180;
    private static final long MAX_HEAP_GROWTH = 64L << 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path workspace;
    static List<MatrixCase> cases;
    /** The timed run's report per case, or a report saying why there is none (hung, died). */
    static final Map<MatrixCase, JsonNode> REPORTS = new LinkedHashMap<>();
    /** The heap run's report per case (see {@link BombMatrixChild}: a full collection every 100 ms). */
    static final Map<MatrixCase, JsonNode> HEAP_REPORTS = new LinkedHashMap<>();
    /** JVMs that failed outside any case (at start, or at exit after the last one). */
    static final List<String> JVM_FAILURES = new ArrayList<>();

    @BeforeAll
    static void runEveryCaseInOneJvmPerRun() throws Exception {
        // -Dbomb.cases=fifo,lzw runs only the cases whose folder names contain one of those words
        List<String> only = List.of(System.getProperty("bomb.cases", "").split(",")).stream()
                .filter(word -> !word.isBlank()).toList();
        long writing = System.nanoTime();
        cases = HostileCorpus.writeBombMatrix(workspace.resolve("cases")).stream()
                .filter(matrixCase -> only.isEmpty() || only.stream().anyMatch(word ->
                        matrixCase.inbox().getFileName().toString().contains(word)))
                .toList();
        Path answers = workspace.resolve("answers.json");
        ObjectNode byDocument = JSON.createObjectNode();
        for (MatrixCase matrixCase : cases) {
            for (Entry entry : matrixCase.entries()) {
                if (entry.reply() != null) {
                    byDocument.put(entry.sha256(), entry.reply().content());
                }
            }
        }
        Files.writeString(answers, byDocument.toString());
        long start = System.nanoTime();
        long written = start - writing;
        REPORTS.putAll(new MatrixRun("timed", answers).runAll(cases));
        long timed = System.nanoTime() - start;
        HEAP_REPORTS.putAll(new MatrixRun("heap", answers).runAll(cases));
        long heap = System.nanoTime() - start - timed;
        StringBuilder table = new StringBuilder(String.format(Locale.ROOT, "%-90s %8s %10s %10s  %s%n",
                "case", "ms", "held MB", "peak MB", "outcomes"));
        for (MatrixCase matrixCase : cases) {
            JsonNode report = REPORTS.get(matrixCase);
            JsonNode weighed = HEAP_REPORTS.get(matrixCase);
            table.append(String.format(Locale.ROOT, "%-90s %8d %10.1f %10.1f  %s%n", matrixCase.kind(),
                    report.path("millis").asLong(-1), megabytes(weighed, "peakAfterGcBytes"),
                    megabytes(report, "peakUsedBytes"), outcomes(matrixCase, report)));
        }
        System.out.printf(Locale.ROOT, "bomb matrix (-Xmx256m, one JVM per run, after a warm-up document; cases written"
                + " in %.1f s, timed run %.1f s, heap run %.1f s, each with its JVM's and database's start; ms: the run over"
                + " the case; heap above the level right before the case: held = the most in use right after a full"
                + " collection, forced every 100 ms in a run of its own; peak = the most in use at any 2 ms sample of the"
                + " timed run, garbage included)%n%s", written / 1e9, timed / 1e9, heap / 1e9, table);
    }

    /** One run of the matrix ({@code timed} or {@code heap}): a child JVM over the cases, a fresh one after a death. */
    private static final class MatrixRun {
        private final String mode;
        private final Path answers;
        private final Path folder;
        private int launches;

        MatrixRun(String mode, Path answers) {
            this.mode = mode;
            this.answers = answers;
            this.folder = workspace.resolve("runs").resolve(mode);
        }

        Map<MatrixCase, JsonNode> runAll(List<MatrixCase> all) throws IOException, InterruptedException {
            Map<MatrixCase, JsonNode> reports = new LinkedHashMap<>();
            List<MatrixCase> remaining = all;
            while (!remaining.isEmpty()) {
                boolean progressed = launch(remaining, reports);
                remaining = all.stream().filter(matrixCase -> !reports.containsKey(matrixCase)).toList();
                if (!progressed) {
                    // the JVM died or hung before its first case: another one would too
                    for (MatrixCase matrixCase : remaining) {
                        reports.put(matrixCase, JSON.createObjectNode().put("failure",
                                "not run: the " + mode + " JVM did not reach its first case (" + JVM_FAILURES.get(JVM_FAILURES.size() - 1) + ")"));
                    }
                    break;
                }
            }
            Map<MatrixCase, JsonNode> inOrder = new LinkedHashMap<>();
            all.forEach(matrixCase -> inOrder.put(matrixCase, reports.get(matrixCase)));
            return inOrder;
        }

        /**
         * Runs {@code cases} in one child JVM, reading its report as it grows; puts a report for every case it ended
         * and for the one it died or hung in. Returns whether it started any case.
         */
        private boolean launch(List<MatrixCase> cases, Map<MatrixCase, JsonNode> reports) throws IOException, InterruptedException {
            int launch = ++launches;
            Files.createDirectories(folder);
            Path casesFile = folder.resolve("cases-" + launch + ".json");
            ArrayNode caseList = JSON.createArrayNode();
            Map<String, MatrixCase> byName = new LinkedHashMap<>();
            for (MatrixCase matrixCase : cases) {
                String name = matrixCase.inbox().getFileName().toString();
                byName.put(name, matrixCase);
                caseList.addObject().put("name", name).put("inbox", matrixCase.inbox().toString());
            }
            Files.writeString(casesFile, caseList.toString());
            Path data = folder.resolve("data-" + launch);
            Path report = folder.resolve("report-" + launch + ".jsonl");
            Path output = folder.resolve("output-" + launch + ".log");
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx256m", "-XX:+ExitOnOutOfMemoryError",
                    "-cp", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                    BombMatrixChild.class.getName(),
                    casesFile.toString(), data.toString(), report.toString(), answers.toString(), mode));
            Process child = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
            ReportReader lines = new ReportReader(report);
            String running = null;
            String lastEnded = null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(BOOT_TIMEOUT_SECONDS);
            boolean hung = false;
            while (true) {
                boolean exited = child.waitFor(100, TimeUnit.MILLISECONDS);
                for (JsonNode line : lines.next()) {
                    String event = line.path("event").asText();
                    if (event.equals("start")) {
                        running = line.path("case").asText();
                        deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(CASE_TIMEOUT_SECONDS);
                    } else if (event.equals("end")) {
                        reports.put(byName.get(line.path("case").asText()), line);
                        lastEnded = line.path("case").asText();
                        running = null;
                        // up to the next start: the figures of the case just ended, nothing long
                        deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(CASE_TIMEOUT_SECONDS);
                    }
                }
                if (exited) {
                    break;
                }
                if (System.nanoTime() > deadline) {
                    child.destroyForcibly().waitFor();
                    hung = true;
                    break;
                }
            }
            if (!hung && child.exitValue() == 0 && reports.keySet().containsAll(cases)) {
                return true;
            }
            String why = (hung ? "hung: no progress within " + (running == null && lastEnded == null
                    ? BOOT_TIMEOUT_SECONDS : CASE_TIMEOUT_SECONDS) + " s" : "the JVM died (exit " + child.exitValue() + ")")
                    + " in the " + mode + " run; the end of its output:\n" + tail(output);
            stopOrphanedDatabase(data);
            if (running != null) {
                reports.put(byName.get(running), JSON.createObjectNode().put("failure", why));
                return true;
            }
            if (lastEnded == null) {
                JVM_FAILURES.add(why);
                return false;
            }
            MatrixCase next = cases.stream().filter(matrixCase -> !reports.containsKey(matrixCase)).findFirst().orElse(null);
            if (next == null) {
                JVM_FAILURES.add("after the last case: " + why); // every case ended, the exit did not
            } else {
                reports.put(next, JSON.createObjectNode().put("failure", "after " + lastEnded + ", before this case: " + why));
            }
            return true;
        }
    }

    /** The complete lines a child has appended to its report since the last call. */
    private static final class ReportReader {
        private final Path file;
        private long consumed;

        ReportReader(Path file) {
            this.file = file;
        }

        List<JsonNode> next() throws IOException {
            if (!Files.exists(file)) {
                return List.of();
            }
            byte[] bytes = Files.readAllBytes(file);
            List<JsonNode> lines = new ArrayList<>();
            int from = (int) consumed;
            for (int i = from; i < bytes.length; i++) {
                if (bytes[i] == '\n') {
                    lines.add(JSON.readTree(new String(bytes, from, i - from, StandardCharsets.UTF_8)));
                    from = i + 1;
                }
            }
            consumed = from;
            return lines;
        }
    }

    /**
     * A JVM that died or was killed leaves its embedded PostgreSQL running: opening the data directory again stops that
     * orphan (see {@link Database}), and closing it stops the new one.
     */
    private static void stopOrphanedDatabase(Path data) {
        if (!Files.exists(data.resolve("postgres").resolve("postmaster.pid"))) {
            return;
        }
        try {
            Database.open(new DatabaseSettings(Optional.empty(), null, null, data.resolve("postgres"), 2)).close();
        } catch (LedgerlensException e) {
            JVM_FAILURES.add("the PostgreSQL of a dead JVM in " + data + " could not be stopped: " + e.getMessage());
        }
    }

    @Test
    void everyJvmLivedToTheEnd() {
        StringBuilder dead = new StringBuilder();
        for (Map<MatrixCase, JsonNode> reports : List.of(REPORTS, HEAP_REPORTS)) {
            reports.forEach((matrixCase, report) -> {
                if (!report.path("jvmAlive").asBoolean()) {
                    dead.append(matrixCase.kind()).append(": ").append(report.path("failure").asText()).append('\n');
                }
            });
        }
        JVM_FAILURES.forEach(failure -> dead.append(failure).append('\n'));
        assertThat(dead.toString()).as("cases whose JVM did not live to report their end").isEmpty();
    }

    @Test
    void everyFileEndsAsExpected() {
        StringBuilder differences = new StringBuilder();
        REPORTS.forEach((matrixCase, report) -> {
            if (!report.path("jvmAlive").asBoolean()) {
                return; // reported by everyJvmLivedToTheEnd
            }
            for (Entry entry : matrixCase.entries()) {
                String actual = outcomeOf(entry, report);
                String expected = expected(entry);
                if (!actual.equals(expected)) {
                    differences.append(String.format(Locale.ROOT, "%s / %s: expected %s, got %s%n", matrixCase.kind(),
                            printable(entry.fileName()), expected, actual));
                }
            }
        });
        assertThat(differences.toString()).as("files that did not end as expected").isEmpty();
    }

    @Test
    void theHeapHeldGrowsByLessThan64Mb() {
        StringBuilder over = new StringBuilder();
        HEAP_REPORTS.forEach((matrixCase, report) -> {
            if (report.path("jvmAlive").asBoolean()
                    && report.path("peakAfterGcBytes").asLong() - report.path("heapBaselineBytes").asLong() >= MAX_HEAP_GROWTH) {
                over.append(String.format(Locale.ROOT, "%s: %.1f MB%n", matrixCase.kind(), megabytes(report, "peakAfterGcBytes")));
            }
        });
        assertThat(over.toString()).as("cases that held 64 MB of heap or more").isEmpty();
    }

    @Test
    void noRenderThreadIsAliveAndNothingBusyTenSecondsAfterTheDeadline() {
        StringBuilder busy = new StringBuilder();
        REPORTS.forEach((matrixCase, report) -> {
            if (!report.path("jvmAlive").asBoolean()) {
                return;
            }
            if (!report.path("renderThreadsAlive").isEmpty()) {
                busy.append(matrixCase.kind()).append(": ").append(report.path("renderThreadsAlive")).append('\n');
            }
            // two idle seconds of a JVM whose run has ended: timers and the database pool use a few ms; a render
            // stuck in a decoder would use all of them
            if (report.path("threadCpuMillisInTwoIdleSeconds").asLong() > 500) {
                busy.append(matrixCase.kind()).append(": ").append(report.path("threadCpuMillisInTwoIdleSeconds"))
                        .append(" ms of thread CPU in two idle seconds\n");
            }
        });
        assertThat(busy.toString()).as("render work still running after the deadline").isEmpty();
    }

    /** What became of {@code entry}, in the words {@link #expected} uses; a skipped file needs a log line naming it. */
    private static String outcomeOf(Entry entry, JsonNode report) {
        List<String> letters = new ArrayList<>();
        for (JsonNode letter : report.path("deadLetters")) {
            if (letter.path("file").asText().equals(entry.fileName())) {
                letters.add(letter.path("reason").asText());
            }
        }
        List<String> records = new ArrayList<>();
        for (JsonNode document : report.path("documents")) {
            if (document.path("file").asText().equals(entry.fileName()) && !document.path("status").asText().equals("dead_lettered")) {
                records.add(document.path("status").asText());
            }
        }
        if (letters.size() == 1 && records.isEmpty()) {
            return "dead letter " + letters.get(0);
        }
        if (letters.isEmpty() && records.size() == 1) {
            return "stored";
        }
        if (letters.isEmpty() && records.isEmpty()) {
            for (JsonNode line : report.path("logLines")) {
                if (line.asText().contains(entry.fileName())) {
                    return "skipped with a log line";
                }
            }
            return "not taken, and no log line names it";
        }
        return "dead letters " + letters + " and records " + records;
    }

    private static String expected(Entry entry) {
        if (entry.expected() instanceof Outcome.DeadLettered letter) {
            return "dead letter " + letter.reason().name();
        }
        if (entry.expected() instanceof Outcome.NotTaken) {
            return "skipped with a log line";
        }
        return "stored";
    }

    private static String outcomes(MatrixCase matrixCase, JsonNode report) {
        if (!report.path("jvmAlive").asBoolean()) {
            return report.path("failure").asText().lines().findFirst().orElse("");
        }
        List<String> each = new ArrayList<>();
        for (Entry entry : matrixCase.entries()) {
            each.add(outcomeOf(entry, report));
        }
        return String.join("; ", each.stream().distinct().toList());
    }

    private static double megabytes(JsonNode report, String field) {
        if (!report.has(field)) {
            return Double.NaN;
        }
        return (report.path(field).asLong() - report.path("heapBaselineBytes").asLong()) / 1048576.0;
    }

    private static String printable(String name) {
        StringBuilder out = new StringBuilder();
        name.codePoints().forEach(c -> out.append(Character.isISOControl(c) || Character.getType(c) == Character.FORMAT
                ? String.format(Locale.ROOT, "\\u%04x", c) : Character.toString(c)));
        return out.toString();
    }

    private static String tail(Path output) throws IOException {
        List<String> lines = Files.readAllLines(output, StandardCharsets.UTF_8);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
    }
}
