package dev.ledgerlens.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bomb matrix (docs/reliability.md, "Bombs and runaway work"): each case of
 * {@link HostileCorpus#writeBombMatrix} runs through the real application in a JVM of its own started with
 * {@code -Xmx256m -XX:+ExitOnOutOfMemoryError} ({@link BombMatrixChild}), so that an exhausted heap ends that JVM
 * instead of hiding in this one, twice: a timed run, and a run that weighs the heap. For every case: each file ends as
 * the corpus says (a typed dead letter, a record, or skipped with a log line that names it), both JVMs live, the heap
 * held (in use right after a full collection) grows by less than 64 MB, and ten seconds after the render deadline no
 * render thread is alive and no thread is busy.
 *
 * <p>Prints a table of time and heap per case, the figures in docs/benchmarks.md.
 */
class BombMatrixIT {
    /** A case that has not ended by then is hung. */
    private static final long CASE_TIMEOUT_SECONDS = 150;
    private static final long MAX_HEAP_GROWTH = 64L << 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path workspace;
    static List<MatrixCase> cases;
    /** The timed run's report per case, or a report saying why there is none (hung, died). */
    static final Map<MatrixCase, JsonNode> REPORTS = new LinkedHashMap<>();
    /** The heap run's report per case (see {@link BombMatrixChild}: a full collection every 100 ms). */
    static final Map<MatrixCase, JsonNode> HEAP_REPORTS = new LinkedHashMap<>();

    @BeforeAll
    static void runEveryCaseInAJvmOfItsOwn() throws Exception {
        // -Dbomb.cases=fifo,lzw runs only the cases whose folder names contain one of those words
        List<String> only = List.of(System.getProperty("bomb.cases", "").split(",")).stream()
                .filter(word -> !word.isBlank()).toList();
        cases = HostileCorpus.writeBombMatrix(workspace.resolve("cases")).stream()
                .filter(matrixCase -> only.isEmpty() || only.stream().anyMatch(word ->
                        matrixCase.inbox().getFileName().toString().contains(word)))
                .toList();
        StringBuilder table = new StringBuilder(String.format(Locale.ROOT, "%-90s %8s %10s %10s  %s%n",
                "case", "ms", "held MB", "peak MB", "outcomes"));
        for (MatrixCase matrixCase : cases) {
            JsonNode report = run(matrixCase, "timed");
            JsonNode heap = run(matrixCase, "heap");
            REPORTS.put(matrixCase, report);
            HEAP_REPORTS.put(matrixCase, heap);
            table.append(String.format(Locale.ROOT, "%-90s %8d %10.1f %10.1f  %s%n", matrixCase.kind(),
                    report.path("millis").asLong(-1), megabytes(heap, "peakAfterGcBytes"),
                    megabytes(report, "peakUsedBytes"), outcomes(matrixCase, report)));
        }
        System.out.print("bomb matrix (-Xmx256m, two JVMs per case, after a warm-up document; ms: the run over the case;"
                + " heap above the level before it: held = the most in use right after a full collection, forced every"
                + " 100 ms in a run of its own; peak = the most in use at any 2 ms sample of the timed run, garbage"
                + " included)\n" + table);
    }

    private static JsonNode run(MatrixCase matrixCase, String mode) throws IOException, InterruptedException {
        Path caseDir = workspace.resolve("runs").resolve(matrixCase.inbox().getFileName() + "-" + mode);
        Files.createDirectories(caseDir);
        Path report = caseDir.resolve("report.json");
        Path answers = caseDir.resolve("answers.json");
        ObjectNode byDocument = JSON.createObjectNode();
        for (Entry entry : matrixCase.entries()) {
            if (entry.reply() != null) {
                byDocument.put(entry.sha256(), entry.reply().content());
            }
        }
        Files.writeString(answers, byDocument.toString());
        Path output = caseDir.resolve("output.log");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+ExitOnOutOfMemoryError",
                "-cp", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                BombMatrixChild.class.getName(),
                matrixCase.inbox().toString(), caseDir.resolve("data").toString(), report.toString(), answers.toString(),
                mode));
        Process child = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        ObjectNode failure = JSON.createObjectNode();
        if (!child.waitFor(CASE_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            child.destroyForcibly().waitFor();
            return failure.put("failure", "hung: no end within " + CASE_TIMEOUT_SECONDS + " s; " + tail(output));
        }
        if (child.exitValue() != 0 || !Files.exists(report)) {
            return failure.put("failure", "the JVM died (exit " + child.exitValue() + "): " + tail(output));
        }
        return JSON.readTree(report.toFile());
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
        assertThat(dead.toString()).as("cases whose JVM did not live to write its report").isEmpty();
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
