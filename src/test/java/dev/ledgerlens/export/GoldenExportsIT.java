package dev.ledgerlens.export;

import dev.ledgerlens.store.Database;
import dev.ledgerlens.testing.LedgerlensProcess;
import dev.ledgerlens.testing.Rows;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Golden exports: {@code ledgerlens run --once} of {@code sample-inputs/} with the offline engine (the README's first
 * command, run as the packaged jar), then {@code ledgerlens export} in every format, with the default selection
 * (valid and approved) and {@code --status all}; each file is compared byte for byte with the one committed under
 * {@code src/test/resources/golden-exports/}. A change to any writer, the offline engine, the validator or a sample
 * shows up here as a diff an accountant would see in their import file.
 *
 * <p>To accept intended changes: {@code LEDGERLENS_UPDATE_GOLDEN=1 mvn -o verify -Dtest=NoSuchTest
 * -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=GoldenExportsIT}, then review {@code git diff}.
 */
class GoldenExportsIT {
    private static final Path GOLDEN = Path.of("src", "test", "resources", "golden-exports");

    @TempDir
    static Path workspace;
    static Database database;
    static LedgerlensProcess ledgerlens;

    @BeforeAll
    static void runTheSamples() {
        Path data = workspace.resolve("data");
        ledgerlens = new LedgerlensProcess(Map.of(
                "LEDGERLENS_DATA_DIR", data.toString(),
                "LEDGERLENS_ENGINE", "offline",
                "LEDGERLENS_CONCURRENCY", "2"));
        ledgerlens.assumePackaged();
        database = Rows.ownEmbedded(data);

        LedgerlensProcess.Result run = ledgerlens.run("run", "--once");

        assertThat(run.exitCode()).as("the two bad samples are dead-lettered: " + run.output()).isEqualTo(2);
        assertThat(new Rows(database.dataSource()).count("select count(*) from documents where status = 'processing'"))
                .isZero();
    }

    @AfterAll
    static void stop() {
        if (database != null) {
            database.close();
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"csv, default", "csv, all", "jsonl, default", "jsonl, all", "quickbooks, default", "quickbooks, all",
            "xero, default", "xero, all"})
    void theExportIsByteForByteTheGoldenFile(String format, String selection) throws IOException {
        String extension = format.equals("jsonl") ? "jsonl" : "csv";
        Path exported = workspace.resolve(format + "-" + selection + "." + extension);
        LedgerlensProcess.Result result = selection.equals("all")
                ? ledgerlens.run("export", "--format", format, "--status", "all", "--output", exported.toString())
                : ledgerlens.run("export", "--format", format, "--output", exported.toString());
        assertThat(result.exitCode()).as(result.output()).isZero();

        byte[] actual = format.equals("jsonl") ? normaliseRunValues(Files.readString(exported, StandardCharsets.UTF_8))
                .getBytes(StandardCharsets.UTF_8) : Files.readAllBytes(exported);
        Path golden = GOLDEN.resolve(format + (selection.equals("all") ? "-all." : ".") + extension);
        if ("1".equals(System.getenv("LEDGERLENS_UPDATE_GOLDEN"))) {
            Files.createDirectories(GOLDEN);
            Files.write(golden, actual);
        }
        assertThat(golden).as("golden file (create with LEDGERLENS_UPDATE_GOLDEN=1)").exists();
        assertThat(new String(actual, StandardCharsets.UTF_8)).as(golden.toString())
                .isEqualTo(Files.readString(golden, StandardCharsets.UTF_8));
        assertThat(actual).as("byte for byte (line ends, encoding)").isEqualTo(Files.readAllBytes(golden));
    }

    /**
     * The JSONL export carries three values that belong to one run, not to the records: the database id (order of
     * arrival, which depends on thread scheduling), {@code received_at} (the clock) and the absolute folder in
     * {@code source_uri} (the machine). They stay in the export because users need them ({@code review approve ID},
     * audit, tracing a record to its file); the comparison replaces them with placeholders. Everything else, and
     * every other format, is compared as written.
     */
    static String normaliseRunValues(String jsonl) {
        String folder = Path.of("sample-inputs").toAbsolutePath() + "/";
        return jsonl.replaceAll("\"id\":\\d+,", "\"id\":\"<id>\",")
                .replaceAll("\"received_at\":\"[^\"]*\"", "\"received_at\":\"<received_at>\"")
                .replaceAll("\"duplicate_of\":\\d+", "\"duplicate_of\":\"<id>\"")
                .replace("\"source_uri\":\"file:" + folder, "\"source_uri\":\"file:<input>/");
    }
}
