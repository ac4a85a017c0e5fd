package dev.ledgerlens.app;

import dev.ledgerlens.ingest.InputDisposition;
import dev.ledgerlens.config.ConfigSource;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ledgerlens.testing.FakeOpenAiServer;
import dev.ledgerlens.testing.FakeOpenAiServer.Reply;
import dev.ledgerlens.testing.Golden;
import dev.ledgerlens.testing.LedgerlensProcess;
import dev.ledgerlens.testing.Rows;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Acceptance of "records an accountant can trust" through the real application on its embedded PostgreSQL:
 * the pipeline runs in-process with the vision engine against a {@link FakeOpenAiServer}; the accountant's
 * commands ({@code export}, {@code review approve}) run as the packaged CLI in a child process on the same data
 * directory (it attaches to this process's database). Shows that
 * <ul>
 *   <li>a total the model gave but the PDF's text layer does not print is stored as {@code needs_review},
 *       {@code total} ungrounded;</li>
 *   <li>a re-saved copy of a stored invoice (other bytes, same vendor, number, date, total) is stored as
 *       {@code duplicate} of the first and left out of the default export; four copies arriving in one drop leave
 *       exactly one original (processed at the same moment: the store stage's lock is what makes this hold);</li>
 *   <li>a vendor name that is a spreadsheet formula comes out neutralised in every CSV format;</li>
 *   <li>{@code review approve ID} puts a needs-review record into the default export.</li>
 * </ul>
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TrustedRecordsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FORMULA = "=HYPERLINK(\"http://evil.example/x\",\"Open invoice\")";

    @TempDir
    static Path workspace;
    static FakeOpenAiServer server;
    static Application application;
    static Rows rows;
    static LedgerlensProcess cli;
    static Path data;

    @BeforeAll
    static void start() throws IOException {
        data = workspace.resolve("data");
        cli = new LedgerlensProcess(Map.of("LEDGERLENS_DATA_DIR", data.toString()));
        cli.assumePackaged();
        server = FakeOpenAiServer.start();
        application = Application.open(new ConfigSource(new Properties(), Map.of(
                "LEDGERLENS_DATA_DIR", data.toString(),
                "LEDGERLENS_ENGINE", "openai",
                "OPENAI_BASE_URL", server.baseUrl(),
                "OPENAI_API_KEY", "test",
                // four documents in flight: copies arriving together are processed at the same moment
                "LEDGERLENS_CONCURRENCY", "4")));
        rows = new Rows(application.database().dataSource());

        // the diner receipt prints 49.56; the model says 59.56
        server.when(sha(sample("receipt-usd-diner.pdf")), Reply.json(fields("receipt-usd-diner.pdf").put("total", "59.56").toString()))
                .when(sha(sample("invoice-usd-1page.pdf")), Reply.json(fields("invoice-usd-1page.pdf").toString()))
                .when(sha(sample("receipt-gbp-hardware.pdf")),
                        Reply.json(fields("receipt-gbp-hardware.pdf").put("store_name", FORMULA).toString()));
        Path inbox = Files.createDirectories(workspace.resolve("inbox-1"));
        for (String name : List.of("receipt-usd-diner.pdf", "invoice-usd-1page.pdf", "receipt-gbp-hardware.pdf")) {
            Files.copy(sample(name), inbox.resolve(name));
        }
        RunTracker.Summary first = new BatchRun(application).run(inbox, InputDisposition.After.KEEP, new RunTracker(), null);
        assertThat(first.stored()).as("first run").isEqualTo(3);

        // a re-scan arrives later: the same invoice saved again by another program (other bytes, same text)
        Path rescans = Files.createDirectories(workspace.resolve("inbox-2"));
        Path rescan = rescans.resolve("scan-0042.pdf");
        try (PDDocument pdf = Loader.loadPDF(sample("invoice-usd-1page.pdf").toFile())) {
            pdf.getDocumentInformation().setProducer("Office scanner 2.1");
            pdf.getDocumentInformation().setTitle("Scan 0042");
            pdf.save(rescan.toFile());
        }
        assertThat(sha(rescan)).isNotEqualTo(sha(sample("invoice-usd-1page.pdf")));
        server.when(sha(rescan), Reply.json(fields("invoice-usd-1page.pdf").toString()));
        RunTracker.Summary second = new BatchRun(application).run(rescans, InputDisposition.After.KEEP, new RunTracker(), null);
        assertThat(second.stored()).as("second run").isEqualTo(1);
    }

    @AfterAll
    static void stop() {
        if (application != null) {
            application.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    @Order(1)
    void aTotalThatThePdfDoesNotPrintIsStoredForReviewAsUngrounded() throws IOException {
        Map<String, Object> diner = rows.one("""
                select d.status, d.review_reasons::text as reasons, e.grounding::text as grounding, e.total::text as total
                from documents d join extractions e on e.id = d.current_extraction where d.file_name = ?""",
                "receipt-usd-diner.pdf");

        assertThat(diner.get("status")).isEqualTo("needs_review");
        assertThat(diner.get("total")).isEqualTo("59.56");
        // extractions.grounding: field → {grounded, page}
        JsonNode grounding = JSON.readTree((String) diner.get("grounding"));
        assertThat(grounding.at("/total/grounded").asBoolean(true)).as(grounding.toString()).isFalse();
        assertThat(grounding.at("/subtotal/grounded").asBoolean(false)).as("the printed subtotal is grounded").isTrue();
        assertThat(grounding.at("/subtotal/page").asInt()).isEqualTo(1);
        JsonNode reasons = JSON.readTree((String) diner.get("reasons"));
        assertThat(reasons.findValuesAsText("rule")).contains("total_grounded");
        assertThat(statusOf("invoice-usd-1page.pdf")).isEqualTo("valid");
    }

    @Test
    @Order(2)
    void aRescannedCopyIsADuplicateOfTheFirstAndLeftOutOfTheDefaultExport() throws IOException {
        Map<String, Object> rescan = rows.one("select status, duplicate_of from documents where file_name = 'scan-0042.pdf'");
        long first = (Long) rows.one("select id from documents where file_name = 'invoice-usd-1page.pdf'").get("id");

        assertThat(rescan.get("status")).isEqualTo("duplicate");
        assertThat(rescan.get("duplicate_of")).isEqualTo(first);
        assertThat(export("csv")).contains("invoice-usd-1page.pdf").doesNotContain("scan-0042.pdf");
        assertThat(export("csv", "--status", "all")).contains("scan-0042.pdf");
        String bills = export("quickbooks");
        assertThat(bills).doesNotContain("scan-0042.pdf");
        assertThat(bills.lines().filter(line -> line.startsWith("BL-10427,"))).as("one bill of three lines, not two bills")
                .hasSize(3);
    }

    @Test
    @Order(4)
    void aFormulaVendorNameIsNeutralisedInEveryCsvFormat() throws IOException {
        for (String format : List.of("csv", "quickbooks", "xero")) {
            // --again: the bills exported by the tests before are in the export ledger
            String exported = format.equals("csv") ? export(format, "--status", "all")
                    : export(format, "--status", "all", "--again");
            // a cell (at the line start or after a separator, quoted or not) must never start with '='
            assertThat(Pattern.compile("(^|,)\"?=", Pattern.MULTILINE).matcher(exported).find())
                    .as(format + ":\n" + exported).isFalse();
            assertThat(exported).as(format).contains("'=HYPERLINK(");
        }
        assertThat(export("jsonl")).as("JSON is not a spreadsheet: the stored value, untouched")
                .contains("\"store_name\":\"=HYPERLINK(\\\"http://evil.example/x\\\"");
    }

    @Test
    @Order(3)
    void approvingANeedsReviewRecordPutsItInTheDefaultExport() throws IOException {
        long diner = (Long) rows.one("select id from documents where file_name = 'receipt-usd-diner.pdf'").get("id");
        assertThat(export("csv")).doesNotContain("receipt-usd-diner.pdf");

        LedgerlensProcess.Result approve = cli.run("review", "approve", String.valueOf(diner));

        assertThat(approve.exitCode()).as(approve.output()).isZero();
        assertThat(statusOf("receipt-usd-diner.pdf")).isEqualTo("approved");
        assertThat(export("csv")).contains("receipt-usd-diner.pdf");
        assertThat(export("xero")).contains("BLUE PLATE DINER");
    }

    @Test
    @Order(5)
    void copiesArrivingTogetherLeaveExactlyOneOriginal() throws IOException {
        // four copies of one receipt in one drop (a scanner that sent the batch twice, a forwarded mail): they are
        // processed at the same time, and still only one may reach the accountant's export
        Path together = Files.createDirectories(workspace.resolve("inbox-3"));
        for (int copy = 1; copy <= 4; copy++) {
            Path file = together.resolve("market-copy-" + copy + ".pdf");
            try (PDDocument pdf = Loader.loadPDF(sample("receipt-eur-market.pdf").toFile())) {
                pdf.getDocumentInformation().setTitle("copy " + copy);
                pdf.save(file.toFile());
            }
            // the answers come back together, so the copies reach the store stage together
            server.when(sha(file), Reply.json(fields("receipt-eur-market.pdf").toString()).after(Duration.ofMillis(400)));
        }

        RunTracker.Summary summary = new BatchRun(application).run(together, InputDisposition.After.KEEP, new RunTracker(), null);

        assertThat(summary.stored()).isEqualTo(4);
        assertThat(rows.count("select count(*) from documents where file_name like 'market-copy-%' and status = 'valid'"))
                .as("one original").isEqualTo(1);
        assertThat(rows.count("select count(*) from documents d where file_name like 'market-copy-%'"
                + " and status = 'duplicate' and duplicate_of = (select id from documents where file_name like"
                + " 'market-copy-%' and status = 'valid')")).as("three duplicates of it").isEqualTo(3);
        assertThat(export("csv").lines().filter(line -> line.contains("market-copy-"))).hasSize(1);
    }

    /**
     * {@code ledgerlens export --format F [options] --output FILE} in a child process; the text of the file, or for the
     * bill formats of every file named after it ({@code FILE-tax-exclusive…}, {@code FILE-vendor-credits…}).
     */
    private static String export(String format, String... options) throws IOException {
        Path file = Files.createTempFile(workspace, format + "-", ".csv");
        Files.delete(file);
        String[] args = new String[options.length + 5];
        args[0] = "export";
        args[1] = "--format";
        args[2] = format;
        System.arraycopy(options, 0, args, 3, options.length);
        args[options.length + 3] = "--output";
        args[options.length + 4] = file.toString();
        LedgerlensProcess.Result result = cli.run(args);
        assertThat(result.exitCode()).as(result.output()).isZero();
        String stem = file.getFileName().toString().replace(".csv", "");
        StringBuilder text = new StringBuilder();
        try (java.util.stream.Stream<Path> files = Files.list(workspace)) {
            for (Path written : files.filter(path -> path.getFileName().toString().startsWith(stem)).sorted().toList()) {
                text.append(Files.readString(written, StandardCharsets.UTF_8));
            }
        }
        return text.toString();
    }

    private static String statusOf(String fileName) {
        return (String) rows.one("select status from documents where file_name = ?", fileName).get("status");
    }

    private static Path sample(String fileName) {
        return Golden.samplesDir().resolve(fileName);
    }

    private static ObjectNode fields(String fileName) {
        return Golden.samples().stream().filter(s -> s.fileName().equals(fileName)).findFirst().orElseThrow()
                .fields().deepCopy();
    }

    private static String sha(Path file) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (IOException | NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
