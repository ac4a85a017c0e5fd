package dev.ledgerlens.export;

import dev.ledgerlens.store.Database;
import dev.ledgerlens.store.StoredDocument;
import dev.ledgerlens.store.StoredRecords;
import dev.ledgerlens.validate.RecordStatus;
import dev.ledgerlens.testing.LedgerlensProcess;
import dev.ledgerlens.testing.Rows;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Golden exports: {@code ledgerlens run --once} of {@code sample-inputs/} with the offline engine (the README's first
 * command, run as the packaged jar), then {@code ledgerlens export} in every format, with the default selection
 * (valid and approved) and {@code --status all} (with {@code --again} for the bill formats, whose default run recorded
 * its bills); each file is compared byte for byte with the one committed under {@code src/test/resources/golden-exports/}.
 * A change to any writer, the offline engine, the validator or a sample shows up here as a diff an accountant would see
 * in their import file. For QuickBooks and Xero, what the system books from the files is recomputed and must be each
 * document's total and tax per rate ({@link BillImportCheckTest#assertBooksLikeTheDocuments}).
 *
 * <p>To accept intended changes: {@code LEDGERLENS_UPDATE_GOLDEN=1 mvn -o verify -Dtest=NoSuchTest
 * -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=GoldenExportsIT}, then review {@code git diff}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class) // the golden files first: they start from no export
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

    @Order(1)
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"csv, default", "csv, all", "jsonl, default", "jsonl, all", "quickbooks, default", "quickbooks, all",
            "xero, default", "xero, all"})
    void theExportIsByteForByteTheGoldenFile(String format, String selection) throws IOException {
        String extension = format.equals("jsonl") ? "jsonl" : "csv";
        boolean bills = format.equals("quickbooks") || format.equals("xero");
        Path folder = Files.createDirectories(workspace.resolve(format + "-" + selection));
        Path exported = folder.resolve(format + (selection.equals("all") ? "-all." : ".") + extension);
        List<String> arguments = new ArrayList<>(List.of("export", "--format", format, "--output", exported.toString()));
        if (selection.equals("all")) {
            arguments.addAll(List.of("--status", "all"));
            if (bills) {
                // the default export of this format (the row before) recorded its bills; --again takes them too
                arguments.add("--again");
            }
        }
        LedgerlensProcess.Result result = ledgerlens.run(arguments.toArray(String[]::new));
        assertThat(result.exitCode()).as(result.output()).isZero();

        List<Path> files;
        try (Stream<Path> listing = Files.list(folder)) {
            files = listing.sorted().toList();
        }
        assertThat(files).as("files written").isNotEmpty();
        for (Path file : files) {
            byte[] actual = format.equals("jsonl") ? normaliseRunValues(Files.readString(file, StandardCharsets.UTF_8))
                    .getBytes(StandardCharsets.UTF_8) : Files.readAllBytes(file);
            Path golden = GOLDEN.resolve(file.getFileName().toString());
            if ("1".equals(System.getenv("LEDGERLENS_UPDATE_GOLDEN"))) {
                Files.createDirectories(GOLDEN);
                Files.write(golden, actual);
            }
            assertThat(golden).as("golden file (create with LEDGERLENS_UPDATE_GOLDEN=1)").exists();
            assertThat(new String(actual, StandardCharsets.UTF_8)).as(golden.toString())
                    .isEqualTo(Files.readString(golden, StandardCharsets.UTF_8));
            assertThat(actual).as("byte for byte (line ends, encoding)").isEqualTo(Files.readAllBytes(golden));
        }
        try (Stream<Path> goldens = Files.list(GOLDEN)) {
            String prefix = exported.getFileName().toString().replace("." + extension, "");
            assertThat(goldens.map(path -> path.getFileName().toString())
                    .filter(name -> name.equals(prefix + "." + extension) || name.startsWith(prefix + "-tax-")
                            || name.startsWith(prefix + "-vendor-"))
                    .sorted().toList()).as("every golden file of this export was written")
                    .containsExactlyElementsOf(files.stream().map(path -> path.getFileName().toString()).toList());
        }
        if (bills) {
            // what the accounting system books from these files is what the documents say, bill by bill and rate by rate
            List<StoredDocument> documents = new StoredRecords(database.dataSource()).find(new StoredRecords.Query(
                    selection.equals("all") ? List.of(RecordStatus.values()) : List.of(RecordStatus.VALID, RecordStatus.APPROVED),
                    null, null));
            ExportSettings settings = ExportSettings.defaults();
            if (format.equals("xero")) {
                BillSettings xero = BillSettings.load(settings.xeroConfigFile(), "Xero");
                BillImportCheckTest.assertBooksLikeTheDocuments(BookedBills.xero(files, xero.taxCodes()), documents,
                        xero.taxCodes());
            } else {
                BillSettings quickBooks = BillSettings.load(settings.quickBooksConfigFile(), "QuickBooks");
                BillImportCheckTest.assertBooksLikeTheDocuments(BookedBills.quickBooks(files), documents,
                        quickBooks.taxCodes());
            }
        }
    }

    @Test
    @Order(2)
    void aSecondExportExportsNothingAndARepeatIsTheSameBytesAndBothAreListed() throws IOException {
        Path first = workspace.resolve("ledger").resolve("bills.csv");
        Files.createDirectories(first.getParent());
        LedgerlensProcess.Result exported = ledgerlens.run("export", "--format", "xero", "--output", first.toString(),
                "--since", "2026-10-01", "--until", "2026-10-31", "--status", "all", "--again");
        byte[] bytes = Files.readAllBytes(workspace.resolve("ledger").resolve("bills-tax-exclusive.csv"));

        LedgerlensProcess.Result nothing = ledgerlens.run("export", "--format", "xero", "--output",
                workspace.resolve("ledger").resolve("nothing.csv").toString(), "--since", "2026-10-01", "--until", "2026-10-31",
                "--status", "all");
        LedgerlensProcess.Result repeat = ledgerlens.run("export", "--format", "xero", "--output", first.toString(),
                "--since", "2026-10-01", "--until", "2026-10-31", "--status", "all", "--again");
        LedgerlensProcess.Result list = ledgerlens.run("export", "list", "--format", "xero");

        assertThat(exported.exitCode()).as(exported.output()).isZero();
        assertThat(exported.output()).contains("import as: Amounts are: Tax Exclusive")
                .contains("--since/--until select by the date printed on the document");
        assertThat(nothing.exitCode()).as(nothing.output()).isZero();
        assertThat(nothing.output()).contains("nothing to export").contains("--again");
        assertThat(workspace.resolve("ledger").resolve("nothing-tax-exclusive.csv")).doesNotExist();
        assertThat(repeat.output()).contains("same bytes as export");
        assertThat(Files.readAllBytes(workspace.resolve("ledger").resolve("bills-tax-exclusive.csv"))).isEqualTo(bytes);
        assertThat(list.exitCode()).as(list.output()).isZero();
        assertThat(list.output()).contains("bills-tax-exclusive.csv").contains("Tax Exclusive (again)");
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
