package dev.ledgerlens.extract.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ledgerlens.store.Database;
import dev.ledgerlens.stress.ReceiptBatch;
import dev.ledgerlens.testing.FakeBatchApi;
import dev.ledgerlens.testing.FakeOpenAiServer;
import dev.ledgerlens.testing.FakeOpenAiServer.Reply;
import dev.ledgerlens.testing.LedgerlensProcess;
import dev.ledgerlens.testing.Rows;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Nightly runs on the OpenAI Batch API, through the packaged jar ({@code run --once --batch}, {@code batch collect},
 * {@code dlq replay}) against {@link FakeOpenAiServer}'s Files and Batches endpoints, reading what each run left in
 * PostgreSQL. The documents are small generated till-slip PDFs ({@link ReceiptBatch}), cheap to render.
 * <ol>
 *   <li>50 documents are submitted in one batch and wait as {@code submitted}; a run while the batch is in progress
 *       sends nothing again; once the batch completes, one collect stores all 50 once each, at the batch price; a
 *       second collect finds nothing new, also when the batch is found open again (a collect that died before
 *       closing it);</li>
 *   <li>a batch that expires with 20 of its 50 lines answered: 20 stored, the other 30 go back to the queue and the
 *       same run submits them again; in that second batch two lines fail (dead-lettered with the API's error) and one
 *       answer fails validation (re-asked online); {@code dlq replay} sends the two online: 50 stored, none twice;</li>
 *   <li>a batch that fails as a whole stops the run (exit 1) with the API's message, its documents queued; a run killed
 *       between upload and create leaves no orphan: the next start creates the batch from the same file.</li>
 * </ol>
 * Cancelling and re-asks that go into the next batch are checked in-process ({@code BatchOperationsIT}).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OpenAiBatchEndToEndIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path workspace;
    static LedgerlensProcess ledgerlens;
    static final List<Database> databases = new ArrayList<>();
    static final List<FakeOpenAiServer> servers = new ArrayList<>();

    // scenario 1
    static Path inboxA;
    static Rows rowsA;
    static ReceiptBatch receiptsA;
    static FakeOpenAiServer serverA;
    static LedgerlensProcess processA;

    @BeforeAll
    static void setUp() {
        ledgerlens = new LedgerlensProcess(Map.of(
                "LEDGERLENS_ENGINE", "openai",
                "OPENAI_API_KEY", "sk-batch-e2e-test-key",
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
    void fiftyDocumentsAreSubmittedInOneBatchAndWaitAsSubmitted() throws IOException {
        Path data = workspace.resolve("data-a");
        rowsA = new Rows(own(data));
        inboxA = workspace.resolve("inbox-a");
        receiptsA = ReceiptBatch.write(inboxA, 50);
        serverA = server();
        processA = ledgerlens.with(Map.of("OPENAI_BASE_URL", serverA.baseUrl(), "LEDGERLENS_DATA_DIR", data.toString()));

        LedgerlensProcess.Result run = processA.run("run", "--once", "--batch", "--input", inboxA.toString());

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).contains("Submitted batch batch_fake_").contains("50 document(s)")
                .contains("answers due by").contains("ledgerlens batch collect");
        assertThat(rowsA.count("select count(*) from documents where status = 'submitted'")).isEqualTo(50);
        assertThat(rowsA.count("select count(*) from extractions")).isZero();
        assertThat(onlineRequests(serverA)).as("nothing is asked online").isZero();
        assertThat(serverA.batches().all()).singleElement().satisfies(batch -> {
            assertThat(batch.status()).isEqualTo("validating");
            List<JsonNode> lines = serverA.batches().file(batch.inputFileId()).lines();
            assertThat(lines).hasSize(50);
            // custom_id = the document's id and attempt
            assertThat(lines.stream().map(line -> line.path("custom_id").asText()).collect(Collectors.toSet()))
                    .isEqualTo(rowsA.list("select 'ledgerlens-' || id || '-1' as c from documents").stream()
                            .map(row -> (String) row.get("c")).collect(Collectors.toSet()));
            assertThat(lines).allSatisfy(line -> {
                assertThat(line.path("url").asText()).isEqualTo("/v1/chat/completions");
                assertThat(line.path("body").path("response_format").path("json_schema").path("strict").asBoolean()).isTrue();
                assertThat(line.toString()).contains("data:image/");
            });
        });
        Map<String, Object> batch = rowsA.one("select state, batch_id, request_count, estimated_cost_usd from openai_batches");
        assertThat(batch.get("state")).isEqualTo("open");
        assertThat(batch.get("request_count")).isEqualTo(50);
        assertThat((BigDecimal) batch.get("estimated_cost_usd")).isPositive();
        try (var left = Files.list(data.resolve("batches"))) {
            assertThat(left.toList()).as("the input file is gone once uploaded").isEmpty();
        }
    }

    @Test
    @Order(2)
    void aRunWhileTheBatchIsInProgressSendsNothingAgain() {
        LedgerlensProcess.Result run = processA.run("run", "--once", "--batch", "--input", inboxA.toString());

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).contains("is in_progress");
        assertThat(serverA.batches().all()).as("no second batch").hasSize(1);
        assertThat(rowsA.count("select count(*) from batch_requests")).isEqualTo(50);
        assertThat(rowsA.count("select count(*) from documents where status = 'submitted'")).isEqualTo(50);
        assertThat(onlineRequests(serverA)).isZero();
    }

    @Test
    @Order(3)
    void onceTheBatchCompletesOneCollectStoresAllFiftyOnceAtTheBatchPrice() {
        script(serverA, rowsA, receiptsA, 1);
        serverA.batches().finishAll();

        LedgerlensProcess.Result collect = processA.run("batch", "collect");

        assertThat(collect.exitCode()).as(collect.output()).isZero();
        assertThat(collect.output()).contains("Collected batch batch_fake_").contains("50 answer(s)");
        assertThat(rowsA.count("select count(*) from documents where status = 'valid'")).as(collect.output()).isEqualTo(50);
        assertThat(rowsA.count("select count(*) from extractions")).as("none stored twice").isEqualTo(50);
        assertThat(rowsA.count("select count(*) from dead_letters")).isZero();
        Map<String, Object> usage = rowsA.list("select prompt_tokens, completion_tokens, cost_usd, latency_ms, request_ids"
                + " from extractions").get(0);
        assertThat(usage.get("prompt_tokens")).isEqualTo(1200L);
        // gpt-4.1-mini at the batch price: 1,200 input × 0.20 + 250 output × 0.80, per million: half the online 0.00088
        assertThat((BigDecimal) usage.get("cost_usd")).isEqualByComparingTo("0.00044");
        assertThat((String) usage.get("request_ids")).startsWith("req_fake_batch_");
        assertThat(rowsA.one("select state from openai_batches").get("state")).isEqualTo("collected");
        assertThat(rowsA.count("select count(*) from batch_requests where state = 'answered'")).isEqualTo(50);
        assertThat(onlineRequests(serverA)).isZero();
    }

    @Test
    @Order(4)
    void collectingAgainFindsNothingNew() {
        // as if the collecting process had died after storing the answers but before closing the batch: the next
        // collect finds it open, reads its answers again, and takes none
        rowsA.update("update openai_batches set state = 'open', collected_at = null");
        LedgerlensProcess.Result afterCrash = processA.run("batch", "collect");

        assertThat(afterCrash.exitCode()).as(afterCrash.output()).isZero();
        assertThat(afterCrash.output()).contains("Collected batch batch_fake_").contains("0 answer(s)");
        assertThat(rowsA.count("select count(*) from extractions")).as("stored once").isEqualTo(50);
        assertThat(rowsA.count("select count(*) from documents where status = 'valid'")).isEqualTo(50);
        assertThat(rowsA.one("select state from openai_batches").get("state")).isEqualTo("collected");
        assertThat(onlineRequests(serverA)).isZero();

        LedgerlensProcess.Result again = processA.run("batch", "list");
        assertThat(again.output()).contains("collected").contains("completed").doesNotContain("open ");
    }

    @Test
    @Order(5)
    void anExpiredBatchGivesBackWhatItDidNotAnswerAndTheNextRunSubmitsItAgain() {
        Path data = workspace.resolve("data-b");
        Rows rows = new Rows(own(data));
        Path inbox = workspace.resolve("inbox-b");
        ReceiptBatch receipts = ReceiptBatch.write(inbox, 50);
        FakeOpenAiServer server = server();
        LedgerlensProcess process = ledgerlens.with(Map.of("OPENAI_BASE_URL", server.baseUrl(),
                "LEDGERLENS_DATA_DIR", data.toString()));
        server.batches().endWith(FakeBatchApi.End.expired(20));
        LedgerlensProcess.Result submit = process.run("run", "--once", "--batch", "--input", inbox.toString());
        assertThat(submit.exitCode()).as(submit.output()).isZero();
        assertThat(rows.count("select count(*) from documents where status = 'submitted'")).isEqualTo(50);

        script(server, rows, receipts, 1);
        server.batches().endWith(FakeBatchApi.End.completed());
        server.batches().finishAll();
        LedgerlensProcess.Result next = process.run("run", "--once", "--batch", "--input", inbox.toString());

        assertThat(next.exitCode()).as(next.output()).isZero();
        assertThat(next.output()).contains("20 answer(s)").contains("30 document(s) back in the queue")
                .contains("Submitted batch");
        assertThat(rows.count("select count(*) from documents where status = 'valid'")).as(next.output()).isEqualTo(20);
        assertThat(rows.count("select count(*) from documents where status = 'submitted'")).isEqualTo(30);
        assertThat(server.batches().all()).hasSize(2);
        FakeBatchApi.FakeBatch second = server.batches().all().get(1);
        List<String> resent = server.batches().file(second.inputFileId()).lines().stream()
                .map(line -> line.path("custom_id").asText()).toList();
        assertThat(resent).hasSize(30).allMatch(id -> id.endsWith("-2"));
        assertThat(rows.count("select count(*) from batch_requests where state = 'requeued'")).isEqualTo(30);

        // the second batch: two lines fail at the API, one answer lacks its total and is re-asked online
        List<Map<String, Object>> waiting = rows.list("select id, sha256 from documents where status = 'submitted' order by id");
        long failing1 = (Long) waiting.get(0).get("id");
        long failing2 = (Long) waiting.get(1).get("id");
        long incomplete = (Long) waiting.get(2).get("id");
        String incompleteSha = ((String) waiting.get(2).get("sha256")).trim();
        // a marker's replies are used in order: these come before the plain answers script() adds
        server.when("ledgerlens-" + failing1 + "-2", Reply.serverError());
        server.when("ledgerlens-" + failing2 + "-2", Reply.error(400, "invalid_request_error", "Invalid image in message 1."));
        ObjectNode noTotal = (ObjectNode) answerFor(receipts, incompleteSha);
        noTotal.putNull("total");
        server.when("ledgerlens-" + incomplete + "-2", Reply.json(noTotal.toString()));
        server.when(incompleteSha, Reply.json(answerFor(receipts, incompleteSha).toString()));
        script(server, rows, receipts, 2);
        server.batches().finishAll();

        LedgerlensProcess.Result collect = process.run("batch", "collect");

        assertThat(collect.exitCode()).as("dead letters: exit 2\n" + collect.output()).isEqualTo(2);
        assertThat(rows.count("select count(*) from documents where status = 'valid'")).as(collect.output()).isEqualTo(48);
        Map<String, String> letters = rows.list("select document_id, reason, message from dead_letters").stream()
                .collect(Collectors.toMap(row -> String.valueOf(row.get("document_id")),
                        row -> row.get("reason") + " " + row.get("message")));
        assertThat(letters).hasSize(2);
        assertThat(letters.get(String.valueOf(failing1))).startsWith("BATCH_REQUEST_FAILED").contains("HTTP 500")
                .contains("server_error");
        assertThat(letters.get(String.valueOf(failing2))).startsWith("BATCH_REQUEST_FAILED").contains("HTTP 400")
                .contains("Invalid image in message 1.");
        assertThat(onlineRequests(server)).as("the re-ask, online").isEqualTo(1);
        assertThat(rows.one("select status from documents where id = ?", incomplete).get("status")).isEqualTo("valid");

        for (Map<String, Object> failed : waiting.subList(0, 2)) {
            String sha = ((String) failed.get("sha256")).trim();
            server.when(sha, Reply.json(answerFor(receipts, sha).toString()));
        }
        LedgerlensProcess.Result replay = process.run("dlq", "replay", "--all");

        assertThat(replay.exitCode()).as(replay.output()).isZero();
        assertThat(onlineRequests(server)).as("the two failed lines, replayed online").isEqualTo(3);
        assertThat(rows.count("select count(*) from documents where status = 'valid'")).isEqualTo(50);
        assertThat(rows.count("select count(*) from extractions")).as("none stored twice").isEqualTo(50);
        assertThat(rows.count("select count(*) from dead_letters where replayed_at is null")).isZero();
    }

    @Test
    @Order(6)
    void aFailedBatchStopsTheRunAndARunKilledBetweenUploadAndCreateLeavesNoOrphan() {
        Path data = workspace.resolve("data-c");
        Rows rows = new Rows(own(data));
        Path inbox = workspace.resolve("inbox-c");
        ReceiptBatch receipts = ReceiptBatch.write(inbox, 3);
        FakeOpenAiServer server = server();
        LedgerlensProcess process = ledgerlens.with(Map.of("OPENAI_BASE_URL", server.baseUrl(),
                "LEDGERLENS_DATA_DIR", data.toString(), "LEDGERLENS_OPENAI_BATCH", "true"));
        server.batches().endWith(FakeBatchApi.End.failed("Line 2: the model 'gpt-4.1-mini' does not exist."));
        assertThat(process.run("run", "--once", "--input", inbox.toString()).exitCode()).isZero();
        server.batches().finishAll();

        // the failed batch: exit 1 with the API's message, its documents back in the queue, nothing new submitted
        LedgerlensProcess.Result failed = process.run("run", "--once", "--input", inbox.toString());
        assertThat(failed.exitCode()).as(failed.output()).isEqualTo(1);
        assertThat(failed.output()).contains("BATCH_FAILED").contains("does not exist");
        assertThat(rows.count("select count(*) from documents where status = 'queued'")).isEqualTo(3);
        assertThat(server.batches().all()).hasSize(1);

        // killed between upload and create: the file is reused by the next start, not uploaded again nor left behind
        server.batches().endWith(FakeBatchApi.End.completed()).holdCreates(true);
        int creates = creates(server);
        process.runKilledWhen(() -> creates(server) > creates, "run", "--once", "--input", inbox.toString());
        assertThat(rows.one("select state from openai_batches order by id desc limit 1").get("state")).isEqualTo("uploaded");
        assertThat(server.batches().files()).as("the failed batch's input and the new one").hasSize(2);
        server.batches().holdCreates(false);

        LedgerlensProcess.Result restarted = process.run("run", "--once", "--input", inbox.toString());

        assertThat(restarted.exitCode()).as(restarted.output()).isZero();
        assertThat(server.batches().files()).as("no second upload").hasSize(2);
        assertThat(server.batches().all()).hasSize(2);
        assertThat(server.batches().all().get(1).inputFileId()).isEqualTo(server.batches().files().get(1).id());
        assertThat(rows.count("select count(*) from documents where status = 'submitted'")).isEqualTo(3);
        assertThat(rows.count("select count(*) from batch_requests where state = 'submitted'")).isEqualTo(3);

    }

    /** Scripts each document's line of attempt {@code attempt} with its receipt's answer. */
    private static void script(FakeOpenAiServer server, Rows rows, ReceiptBatch receipts, int attempt) {
        for (Map<String, Object> row : rows.list("select id, sha256 from documents")) {
            String sha = ((String) row.get("sha256")).trim();
            server.when("ledgerlens-" + row.get("id") + "-" + attempt, Reply.json(answerFor(receipts, sha).toString()));
        }
    }

    private static JsonNode answerFor(ReceiptBatch receipts, String sha256) {
        try {
            return JSON.readTree(receipts.documents().stream().filter(r -> r.sha256().equals(sha256)).findFirst()
                    .orElseThrow().answerJson());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long onlineRequests(FakeOpenAiServer server) {
        return server.requests().stream().filter(r -> r.path().endsWith("/chat/completions") || r.path().endsWith("/responses"))
                .count();
    }

    private static int creates(FakeOpenAiServer server) {
        return (int) server.requests().stream().filter(r -> r.method().equals("POST") && r.path().endsWith("/batches")).count();
    }

    private static javax.sql.DataSource own(Path dataDir) {
        Database database = Rows.ownEmbedded(dataDir);
        databases.add(database);
        return database.dataSource();
    }

    private static FakeOpenAiServer server() {
        FakeOpenAiServer server = FakeOpenAiServer.start();
        servers.add(server);
        return server;
    }
}
