package dev.ledgerlens.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real command line ({@code dev.ledgerlens.app.Main}) in a child JVM with the test's classpath and the
 * given {@code LEDGERLENS_*} / {@code OPENAI_*} environment (the parent's are removed). On the data directory of an
 * application the test has open, the child attaches to that application's embedded PostgreSQL.
 * Immutable; each {@link #run} starts one process and waits for it (at most 3 minutes).
 */
public final class LedgerlensProcess {
    /** What the command printed (stdout and stderr together) and its exit code. */
    public record Result(int exitCode, String output) {
    }

    private final Map<String, String> environment;
    private final Path scratch;

    /** @param scratch a folder for the output files */
    public LedgerlensProcess(Map<String, String> environment, Path scratch) {
        this.environment = Map.copyOf(environment);
        this.scratch = scratch;
    }

    public Result run(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "dev.ledgerlens.app.Main"));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("LEDGERLENS_") || name.startsWith("OPENAI_"));
        env.putAll(environment);
        Path output = Files.createTempFile(scratch, "cli-", ".log");
        Process process = builder.redirectOutput(output.toFile()).start();
        if (!process.waitFor(3, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("ledgerlens " + String.join(" ", arguments) + " did not finish in 3 minutes");
        }
        return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
    }
}
