package dev.ledgerlens.extract.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ledgerlens.store.Database;
import dev.ledgerlens.testing.FakeOpenAiServer;
import dev.ledgerlens.testing.FakeOpenAiServer.RecordedRequest;
import dev.ledgerlens.testing.FakeOpenAiServer.Reply;
import dev.ledgerlens.testing.Golden;
import dev.ledgerlens.testing.LedgerlensProcess;
import dev.ledgerlens.testing.Rows;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Acceptance of the vision-model engine through the whole application: the packaged jar is run as
 * {@code ledgerlens run --once} (and {@code dlq replay}) in a child process with {@code LEDGERLENS_ENGINE=openai},
 * {@code OPENAI_BASE_URL} pointing at a {@link FakeOpenAiServer} on 127.0.0.1 and a temporary
 * {@code LEDGERLENS_DATA_DIR}; what it stored is then read from its PostgreSQL. Scenarios:
 * <ol>
 *   <li>scripted answers are stored with their usage and cost; each kind of bad answer is dead-lettered with its
 *       reason, a record failing a hard constraint twice with both answers; exit code 2;</li>
 *   <li>a 3-page PDF is one request with one image per page, none larger than gpt-4.1-mini looks at;</li>
 *   <li>a replay with a rejected key stops at once (exit 1), and one killed with SIGKILL mid-call leaves nothing
 *       behind: every letter stays open, no document is left 'processing';</li>
 *   <li>the dead letters, replayed against a fixed server, are stored once each;</li>
 *   <li>30% injected 429 and some 500 answers: every document stored, none twice;</li>
 *   <li>{@code insufficient_quota} stops the run with exit 1, the next run stores the rest exactly once;</li>
 *   <li>a 401 that echoes the key: exit 1, and neither any run's output nor any database holds the key.</li>
 * </ol>
 * The test process owns each scenario's embedded PostgreSQL (the child attaches to it as a second Ledgerlens
 * process would), except in the 401 scenario, where the child starts its own as a cron run does.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OpenAiEngineEndToEndIT {
    /** Distinctive, so that a leak anywhere is found by a plain substring search. */
    private static final String API_KEY = "sk-e2e-LEDGERLENS-do-not-log-7f3a9c2b";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path workspace;
    static LedgerlensProcess ledgerlens;
    static final Map<String, Golden.Sample> samples = new LinkedHashMap<>();
    static final List<String> outputs = new ArrayList<>();
    static final List<Database> databases = new ArrayList<>();
    static final List<FakeOpenAiServer> servers = new ArrayList<>();

    // scenario 1, reused by 2 and 3
    static Path dataA;
    static Rows rowsA;
    static FakeOpenAiServer serverA;

    @BeforeAll
    static void setUp() {
        for (Golden.Sample sample : Golden.samples()) {
            samples.put(sample.fileName(), sample);
        }
        ledgerlens = new LedgerlensProcess(Map.of(
                "LEDGERLENS_ENGINE", "openai",
                "OPENAI_API_KEY", API_KEY,
                // fast redelivery: the test waits on the real back-off, only shorter
                "LEDGERLENS_REDELIVERY_DELAY", "100ms",
                "LEDGERLENS_CONCURRENCY", "4"));
        ledgerlens.assumePackaged();
    }

    @AfterAll
    static void tearDown() {
        databases.forEach(Database::close);
        servers.forEach(FakeOpenAiServer::close);
    }

    @Test
    @Order(1)
    void scriptedAnswersAreStoredWithTheirUsageAndEachBadAnswerIsDeadLetteredWithItsReason() throws Exception {
        dataA = workspace.resolve("data-a");
        Database database = own(dataA);
        rowsA = new Rows(database.dataSource());
        serverA = server();
        Path inbox = inbox("inbox-a", "invoice-usd-1page.pdf", "invoice-gbp-3page.pdf", "receipt-usd-diner.pdf",
                "receipt-gbp-hardware.pdf", "receipt-eur-market.pdf", "invoice-eur-2page.pdf",
                "invoice-eur-two-rates.pdf", "receipt-usd-grocery-png.png");
        ObjectNode noTotal = fields("receipt-usd-grocery-png.png").put("total", (String) null);
        ObjectNode noTotalAgain = noTotal.deepCopy().put("store_name", "FRESHMART (second answer)");
        serverA.when(sha("invoice-usd-1page.pdf"), Reply.json(answer("invoice-usd-1page.pdf"))
                        .withUsage(1500, 300, 1024).after(Duration.ofMillis(150)))
                .when(sha("invoice-gbp-3page.pdf"), Reply.json(answer("invoice-gbp-3page.pdf")))
                .when(sha("receipt-usd-diner.pdf"), Reply.refusal("I can't help with that."))
                .when(sha("receipt-gbp-hardware.pdf"), Reply.truncated("{\"document_type\":\"receipt\",\"store_na"))
                .when(sha("receipt-eur-market.pdf"), Reply.json("Sure! The store is the market and the total is 12.40."))
                .when(sha("invoice-eur-2page.pdf"), Reply.json("{\"vendor\":\"Acme\",\"amount\":12.5}"))
                .when(sha("invoice-eur-two-rates.pdf"), Reply.empty())
                .when(sha("receipt-usd-grocery-png.png"), Reply.json(noTotal.toString()), Reply.json(noTotalAgain.toString()));

        LedgerlensProcess.Result run = run(ledgerlens.with(Map.of("OPENAI_BASE_URL", serverA.baseUrl(),
                "LEDGERLENS_DATA_DIR", dataA.toString())), "run", "--once", "--input", inbox.toString());

        assertThat(run.exitCode()).as(run.output()).isEqualTo(2);
        assertThat(statusOf(rowsA, "invoice-usd-1page.pdf")).isEqualTo("valid");
        assertThat(statusOf(rowsA, "invoice-gbp-3page.pdf")).isEqualTo("valid");
        Map<String, Object> stored = rowsA.one("""
                select e.store_name, e.total, e.invoice_number, e.document_date::text as date, e.model, e.engine,
                       e.estimated_tokens, e.prompt_tokens, e.completion_tokens, e.cached_tokens, e.cost_usd,
                       e.latency_ms, e.request_ids
                from documents d join extractions e on e.id = d.current_extraction where d.file_name = ?""",
                "invoice-usd-1page.pdf");
        assertThat(stored.get("store_name")).isEqualTo("Brightline Consulting LLC");
        assertThat((BigDecimal) stored.get("total")).isEqualByComparingTo("2155.24");
        assertThat(stored.get("invoice_number")).isEqualTo("BL-10427");
        assertThat(stored.get("date")).isEqualTo("2026-10-14");
        assertThat(stored.get("model")).isEqualTo("gpt-4.1-mini");
        assertThat((Long) stored.get("estimated_tokens")).as("image + prompt estimate").isGreaterThan(1000);
        assertThat(stored.get("prompt_tokens")).isEqualTo(1500L);
        assertThat(stored.get("completion_tokens")).isEqualTo(300L);
        assertThat(stored.get("cached_tokens")).isEqualTo(1024L);
        // gpt-4.1-mini list price: 476 uncached × 0.40 + 1024 cached × 0.10 + 300 output × 1.60, per million
        assertThat((BigDecimal) stored.get("cost_usd")).isEqualByComparingTo("0.0007728");
        assertThat((Long) stored.get("latency_ms")).as("the server answered after 150 ms").isGreaterThanOrEqualTo(150);
        assertThat((String) stored.get("request_ids")).matches(".*req_fake_\\d+.*");

        Map<String, String> reasons = rowsA.list("select file_name, reason from dead_letters").stream()
                .collect(Collectors.toMap(r -> (String) r.get("file_name"), r -> (String) r.get("reason")));
        assertThat(reasons).containsExactlyInAnyOrderEntriesOf(Map.of(
                "receipt-usd-diner.pdf", "MODEL_REFUSAL",
                "receipt-gbp-hardware.pdf", "MODEL_TRUNCATED",
                "receipt-eur-market.pdf", "MODEL_MALFORMED_JSON",
                "invoice-eur-2page.pdf", "MODEL_SCHEMA_MISMATCH",
                "invoice-eur-two-rates.pdf", "MODEL_EMPTY_ANSWER",
                "receipt-usd-grocery-png.png", "VALIDATION_FAILED"));
        Map<String, Object> invalid = rowsA.one("select stage, violations::text as violations, model_answers::text as answers"
                + " from dead_letters where reason = 'VALIDATION_FAILED'");
        assertThat(invalid.get("stage")).isEqualTo("validate");
        assertThat((String) invalid.get("violations")).contains("total");
        JsonNode answers = JSON.readTree((String) invalid.get("answers"));
        assertThat(answers).as("both the first answer and the re-asked one are kept").hasSize(2);
        assertThat(answers.get(1).asText()).contains("FRESHMART (second answer)");
        assertThat(serverA.requests().stream().filter(r -> sha("receipt-usd-grocery-png.png")
                .equals(r.header("x-ledgerlens-document")))).as("one re-ask, no more").hasSize(2);
        assertThat(rowsA.count("select count(*) from documents where status = 'dead_lettered'")).isEqualTo(6);
        assertThat(run.output()).contains("MODEL_REFUSAL");
    }

    @Test
    @Order(2)
    void aThreePagePdfIsOneRequestWithOneImagePerPageNoneLargerThanTheModelSees() throws IOException {
        List<RecordedRequest> requests = serverA.requests().stream()
                .filter(r -> sha("invoice-gbp-3page.pdf").equals(r.header("x-ledgerlens-document"))).toList();
        assertThat(requests).hasSize(1);
        assertThat(images(requests.get(0))).hasSize(3);

        // every page image of every document of the run (text PDFs and a phone-size PNG)
        int checked = 0;
        for (RecordedRequest request : serverA.requests()) {
            for (String dataUrl : images(request)) {
                assertThat(dataUrl).matches("data:image/(png|jpeg);base64,.*");
                BufferedImage image = ImageIO.read(new ByteArrayInputStream(
                        Base64.getDecoder().decode(dataUrl.substring(dataUrl.indexOf(',') + 1))));
                // gpt-4.1-mini (a patch model) looks at no more than 1,536 patches of 32×32 px: more is paid and thrown away
                long patches = (long) Math.ceil(image.getWidth() / 32.0) * (long) Math.ceil(image.getHeight() / 32.0);
                assertThat(patches).as("%s: %dx%d", request.header("x-ledgerlens-document"), image.getWidth(),
                        image.getHeight()).isLessThanOrEqualTo(1536);
                if (request == requests.get(0)) {
                    // and not needlessly small either: an A4 page should use most of the budget
                    assertThat(patches).isGreaterThan(1536 / 2);
                }
                checked++;
            }
        }
        assertThat(checked).isGreaterThanOrEqualTo(10);
    }

    private static List<String> images(RecordedRequest request) {
        List<String> images = new ArrayList<>();
        for (JsonNode message : request.body().path("messages")) {
            for (JsonNode part : message.path("content")) {
                if (part.path("type").asText().equals("image_url")) {
                    images.add(part.path("image_url").path("url").asText());
                }
            }
        }
        return images;
    }

    @Test
    @Order(3)
    void aReplayWithARejectedKeyStopsAndLeavesEveryLetterOpen() {
        FakeOpenAiServer rejecting = server().otherwise(Reply.unauthorized(API_KEY));

        LedgerlensProcess.Result replay = run(ledgerlens.with(Map.of("OPENAI_BASE_URL", rejecting.baseUrl(),
                "LEDGERLENS_DATA_DIR", dataA.toString())), "dlq", "replay", "--all");

        assertThat(replay.exitCode()).as(replay.output()).isEqualTo(1);
        assertThat(rowsA.count("select count(*) from dead_letters where replayed_at is null")).as(replay.output()).isEqualTo(6);
        assertThat(rowsA.count("select count(*) from documents where status = 'dead_lettered'")).isEqualTo(6);
        assertThat(rowsA.count("select count(*) from documents where status = 'processing'")).isZero();
    }

    @Test
    @Order(4)
    void aReplayKilledMidCallLeavesEveryLetterOpenAndNothingProcessing() {
        FakeOpenAiServer stalling = server().otherwise(Reply.json("{}").after(Duration.ofMinutes(5)));

        ledgerlens.with(Map.of("OPENAI_BASE_URL", stalling.baseUrl(), "LEDGERLENS_DATA_DIR", dataA.toString()))
                .runKilledWhen(() -> !stalling.requests().isEmpty(), "dlq", "replay", "--all");

        assertThat(rowsA.count("select count(*) from dead_letters where replayed_at is null")).isEqualTo(6);
        assertThat(rowsA.count("select count(*) from documents where status = 'dead_lettered'")).isEqualTo(6);
        assertThat(rowsA.count("select count(*) from documents where status = 'processing'")).isZero();
        assertThat(rowsA.count("select count(*) from extractions")).as("only the two stored in scenario 1").isEqualTo(2);
    }

    @Test
    @Order(5)
    void deadLettersReplayedAgainstAFixedServerAreStoredExactlyOnce() {
        FakeOpenAiServer fixed = server();
        for (String name : List.of("receipt-usd-diner.pdf", "receipt-gbp-hardware.pdf", "receipt-eur-market.pdf",
                "invoice-eur-2page.pdf", "invoice-eur-two-rates.pdf", "receipt-usd-grocery-png.png")) {
            fixed.when(sha(name), Reply.json(answer(name)));
        }

        LedgerlensProcess.Result replay = run(ledgerlens.with(Map.of("OPENAI_BASE_URL", fixed.baseUrl(),
                "LEDGERLENS_DATA_DIR", dataA.toString())), "dlq", "replay", "--all");

        assertThat(replay.exitCode()).as(replay.output()).isZero();
        assertThat(rowsA.count("select count(*) from dead_letters where replayed_at is null")).isZero();
        assertThat(rowsA.count("select count(*) from dead_letters where replayed_at is not null")).isEqualTo(6);
        assertThat(rowsA.count("select count(*) from documents where status in ('valid', 'needs_review')")).isEqualTo(8);
        assertThat(rowsA.count("select count(*) from documents")).isEqualTo(8);
        assertThat(rowsA.count("select count(*) from extractions")).as("one extraction per document").isEqualTo(8);
        assertThat(statusOf(rowsA, "receipt-usd-diner.pdf")).isEqualTo("valid");
        assertThat(fixed.requests()).hasSize(6);
    }

    @Test
    @Order(6)
    void thirtyPercentRateLimitsAndSomeServerErrorsStillStoreEveryDocumentOnce() {
        Path data = workspace.resolve("data-b");
        Rows rows = new Rows(own(data).dataSource());
        FakeOpenAiServer flaky = server();
        // the text PDFs and one photo: enough requests for the failures to matter, without the slow scanned pages
        List<String> names = List.of("invoice-usd-1page.pdf", "invoice-eur-2page.pdf", "invoice-eur-two-rates.pdf",
                "invoice-gbp-3page.pdf", "invoice-usd-items-mismatch.pdf", "receipt-eur-market.pdf",
                "receipt-gbp-hardware.pdf", "receipt-usd-diner.pdf", "receipt-usd-grocery-png.png");
        // two documents also meet server errors before their answer (on top of the random 429s); a marker's replies
        // are used in order, so these are scripted before (instead of) the plain answer
        flaky.when(sha("receipt-usd-diner.pdf"), Reply.serverError(), Reply.serverError(), Reply.json(answer("receipt-usd-diner.pdf")));
        flaky.when(sha("invoice-usd-1page.pdf"), Reply.serverError(), Reply.json(answer("invoice-usd-1page.pdf")));
        // three more (a third of the documents) are rate-limited once for certain: which requests the random 429s
        // below hit depends on thread timing, so the test does not rely on them alone
        List<String> rateLimitedOnce = List.of("invoice-eur-2page.pdf", "receipt-eur-market.pdf", "receipt-usd-grocery-png.png");
        for (String name : names) {
            if (rateLimitedOnce.contains(name)) {
                flaky.when(sha(name), Reply.rateLimited(Duration.ofMillis(20)), Reply.json(answer(name)));
            } else if (!name.equals("receipt-usd-diner.pdf") && !name.equals("invoice-usd-1page.pdf")) {
                flaky.when(sha(name), Reply.json(answer(name)));
            }
        }
        flaky.randomFailures(0.3, 20261121L, Reply.rateLimited(Duration.ofMillis(20)));
        Path inbox = inbox("inbox-b", names.toArray(String[]::new));

        LedgerlensProcess.Result run = run(ledgerlens.with(Map.of("OPENAI_BASE_URL", flaky.baseUrl(),
                "LEDGERLENS_DATA_DIR", data.toString(),
                // one SDK retry, so that some documents also go through Camel's redelivery
                "LEDGERLENS_OPENAI_MAX_RETRIES", "1")), "run", "--once", "--input", inbox.toString());

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(rows.count("select count(*) from documents")).isEqualTo(names.size());
        assertThat(rows.count("select count(*) from documents where status in ('valid', 'needs_review')")).isEqualTo(names.size());
        assertThat(rows.count("select count(*) from extractions")).as("no document stored twice").isEqualTo(names.size());
        assertThat(rows.count("select count(*) from (select document_id from extractions group by document_id"
                + " having count(*) > 1) twice")).isZero();
        assertThat(rows.count("select count(*) from dead_letters")).isZero();
        // one answer per document, plus the 3 scripted 5xx and the 3 scripted 429s, each retried; random 429s on top
        assertThat(flaky.requestCount()).as("failures were injected and retried").isGreaterThanOrEqualTo(names.size() + 3 + 3);
    }

    @Test
    @Order(7)
    void quotaExhaustionStopsTheRunWithExit1AndTheNextRunStoresTheRestExactlyOnce() {
        Path data = workspace.resolve("data-c");
        Rows rows = new Rows(own(data).dataSource());
        List<String> names = List.of("invoice-usd-1page.pdf", "receipt-usd-diner.pdf", "receipt-gbp-hardware.pdf",
                "receipt-eur-market.pdf");
        FakeOpenAiServer broke = server();
        broke.when(sha("receipt-gbp-hardware.pdf"), Reply.quotaExceeded());
        for (String name : names) {
            broke.when(sha(name), Reply.json(answer(name)));
        }
        Path inbox = inbox("inbox-c", names.toArray(String[]::new));
        LedgerlensProcess quotaRun = ledgerlens.with(Map.of("LEDGERLENS_DATA_DIR", data.toString(),
                // one document at a time, so that the others are still queued when the quota runs out
                "LEDGERLENS_CONCURRENCY", "1",
                // the SDK retries 429 insufficient_quota too; not needed to show the stop
                "LEDGERLENS_OPENAI_MAX_RETRIES", "0"));

        LedgerlensProcess.Result first = run(quotaRun.with(Map.of("OPENAI_BASE_URL", broke.baseUrl())),
                "run", "--once", "--input", inbox.toString());

        assertThat(first.exitCode()).as(first.output()).isEqualTo(1);
        assertThat(first.output()).contains("QUOTA_EXCEEDED");
        assertThat(rows.count("select count(*) from dead_letters")).as("nothing is dead-lettered for a fatal stop").isZero();
        assertThat(statusOf(rows, "receipt-gbp-hardware.pdf")).isEqualTo("processing");
        Set<String> storedFirst = rows.list("select file_name from documents where status = 'valid'").stream()
                .map(r -> (String) r.get("file_name")).collect(Collectors.toSet());
        assertThat(storedFirst).hasSizeLessThan(names.size());

        FakeOpenAiServer healthy = server();
        for (String name : names) {
            healthy.when(sha(name), Reply.json(answer(name)));
        }
        LedgerlensProcess.Result second = run(quotaRun.with(Map.of("OPENAI_BASE_URL", healthy.baseUrl())),
                "run", "--once", "--input", inbox.toString());

        assertThat(second.exitCode()).as(second.output()).isZero();
        assertThat(rows.count("select count(*) from documents where status = 'valid'")).isEqualTo(names.size());
        assertThat(rows.count("select count(*) from extractions")).isEqualTo(names.size());
        Set<String> askedAgain = healthy.requests().stream().map(r -> r.header("x-ledgerlens-document"))
                .collect(Collectors.toSet());
        assertThat(askedAgain).as("documents stored by the first run are not sent again")
                .doesNotContainAnyElementsOf(storedFirst.stream().map(OpenAiEngineEndToEndIT::sha).toList())
                .hasSize(names.size() - storedFirst.size());
    }

    @Test
    @Order(8)
    void theApiKeyIsNeitherLoggedNorStoredEvenWhenTheServerEchoesIt() {
        Path data = workspace.resolve("data-d");
        FakeOpenAiServer rejecting = server().otherwise(Reply.unauthorized(API_KEY));
        Path inbox = inbox("inbox-d", "invoice-usd-1page.pdf", "receipt-usd-diner.pdf");

        // the child starts (and stops) its own embedded PostgreSQL here, as a cron run does; DEBUG logs everything we log
        LedgerlensProcess.Result run = run(ledgerlens.with(Map.of("OPENAI_BASE_URL", rejecting.baseUrl(),
                "LEDGERLENS_DATA_DIR", data.toString(), "LEDGERLENS_LOG_LEVEL", "DEBUG")),
                "run", "--once", "--input", inbox.toString());

        assertThat(run.exitCode()).as(run.output()).isEqualTo(1);
        assertThat(run.output()).contains("AUTHENTICATION_FAILED");
        assertThat(rejecting.requests()).isNotEmpty().allSatisfy(request ->
                assertThat(request.header("authorization")).as("the key was really sent").isEqualTo("Bearer " + API_KEY));
        Database database = own(data);
        assertThat(new Rows(database.dataSource()).count("select count(*) from documents")).isEqualTo(2);

        for (String output : outputs) {
            assertThat(output).doesNotContain(API_KEY).doesNotContain("do-not-log");
        }
        for (Database each : databases) {
            Rows rows = new Rows(each.dataSource());
            assertThat(rows.textContaining(API_KEY)).isEmpty();
            assertThat(rows.textContaining("do-not-log")).isEmpty();
        }
        assertThat(outputs).as("every scenario's output was checked").hasSize(7);
    }

    private static LedgerlensProcess.Result run(LedgerlensProcess process, String... args) {
        LedgerlensProcess.Result result = process.run(args);
        outputs.add(result.output());
        return result;
    }

    private static Database own(Path dataDir) {
        Database database = Rows.ownEmbedded(dataDir);
        databases.add(database);
        return database;
    }

    private static FakeOpenAiServer server() {
        FakeOpenAiServer server = FakeOpenAiServer.start();
        servers.add(server);
        return server;
    }

    private static Path inbox(String name, String... fileNames) {
        try {
            Path inbox = Files.createDirectories(workspace.resolve(name));
            for (String fileName : fileNames) {
                Files.copy(samples.get(fileName).document(), inbox.resolve(fileName));
            }
            return inbox;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String statusOf(Rows rows, String fileName) {
        return (String) rows.one("select status from documents where file_name = ?", fileName).get("status");
    }

    /** The golden fields of a sample: the answer a perfect model would give. */
    private static ObjectNode fields(String fileName) {
        return samples.get(fileName).fields().deepCopy();
    }

    private static String answer(String fileName) {
        return fields(fileName).toString();
    }

    static String sha(String fileName) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(Files.readAllBytes(samples.get(fileName).document())));
        } catch (IOException | NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
