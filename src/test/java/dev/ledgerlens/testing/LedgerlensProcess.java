package dev.ledgerlens.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Runs the packaged application ({@code java -jar target/ledgerlens.jar …}, what the {@code ledgerlens} launcher
 * execs) as a child process with exactly the environment a test gives it: none of the parent's
 * {@code LEDGERLENS_*} or {@code OPENAI_*} variables leak in. Standard output and error are merged and kept,
 * as an operator would see them in a cron mail. Integration tests only: failsafe runs after {@code package}.
 *
 * <p>Stateless apart from its settings; safe to share between tests of one class.
 */
public final class LedgerlensProcess {
    /** A run that takes longer than this is hung: the child is killed and the test fails. */
    private static final long TIMEOUT_SECONDS = 240;

    private final Path jar = Path.of("target", "ledgerlens.jar").toAbsolutePath();
    private final Map<String, String> environment;

    /** @param environment the variables the child sees on top of the basic ones (PATH, HOME, JAVA_HOME) */
    public LedgerlensProcess(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    /** What one command did. */
    public record Result(int exitCode, String output) {
    }

    /** Skips the calling test when the jar was not built (a test run without {@code package}). */
    public void assumePackaged() {
        assumeTrue(Files.isRegularFile(jar) && Files.isDirectory(jar.resolveSibling("lib")),
                "needs target/ledgerlens.jar and target/lib/: run 'mvn verify' (failsafe runs after package)");
    }

    /** Runs {@code ledgerlens args…} with the working directory at the project root and waits for it to end. */
    public Result run(String... args) {
        try {
            Path log = Files.createTempFile("ledgerlens-process-", ".log");
            try {
                List<String> command = new ArrayList<>();
                command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
                // small heap like a modest cron host; enough for the samples' pages
                command.add("-Xmx512m");
                command.add("-jar");
                command.add(jar.toString());
                command.addAll(List.of(args));
                ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                        .redirectOutput(log.toFile());
                Map<String, String> env = builder.environment();
                env.keySet().removeIf(name -> name.startsWith("LEDGERLENS_") || name.startsWith("OPENAI_")
                        || name.startsWith("CAMEL_"));
                env.putAll(environment);
                Process process = builder.start();
                if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor();
                    throw new AssertionError("ledgerlens " + String.join(" ", args) + " did not end within "
                            + TIMEOUT_SECONDS + " s; output:\n" + Files.readString(log, StandardCharsets.UTF_8));
                }
                return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(log);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for ledgerlens", e);
        }
    }

    /**
     * Runs {@code ledgerlens args…} and kills it with SIGKILL as soon as {@code killWhen} holds (checked every 50 ms),
     * as a power cut or the OOM killer would. Fails when the process ended on its own first.
     */
    public Result runKilledWhen(java.util.function.BooleanSupplier killWhen, String... args) {
        try {
            Path log = Files.createTempFile("ledgerlens-process-", ".log");
            try {
                List<String> command = new ArrayList<>(List.of(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m", "-jar", jar.toString()));
                command.addAll(List.of(args));
                ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
                builder.environment().keySet().removeIf(name -> name.startsWith("LEDGERLENS_") || name.startsWith("OPENAI_")
                        || name.startsWith("CAMEL_"));
                builder.environment().putAll(environment);
                Process process = builder.start();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
                while (!killWhen.getAsBoolean()) {
                    if (!process.isAlive() || System.nanoTime() > deadline) {
                        process.destroyForcibly().waitFor();
                        throw new AssertionError("ledgerlens " + String.join(" ", args) + " ended before the moment to kill"
                                + " it came; output:\n" + Files.readString(log, StandardCharsets.UTF_8));
                    }
                    TimeUnit.MILLISECONDS.sleep(50);
                }
                process.destroyForcibly().waitFor();
                return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(log);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for ledgerlens", e);
        }
    }

    /** The same process settings with more variables (they win over this one's). */
    public LedgerlensProcess with(Map<String, String> more) {
        Map<String, String> merged = new java.util.HashMap<>(environment);
        merged.putAll(more);
        return new LedgerlensProcess(merged);
    }
}
