package dev.ledgerlens.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ledgerlens.config.ConfigSource;
import dev.ledgerlens.extract.openai.OpenAiBatches;
import dev.ledgerlens.ingest.InputDisposition;
import dev.ledgerlens.store.BatchRepository;
import dev.ledgerlens.stress.ReceiptBatch;
import dev.ledgerlens.testing.FakeOpenAiServer;
import dev.ledgerlens.testing.FakeOpenAiServer.Reply;
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
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Batches in the real application, in-process (embedded PostgreSQL, the openai engine against the fake server):
 * <ul>
 *   <li>what an operator does with one: list it, look into it, cancel it. A cancelled batch answers nothing; its
 *       documents go back to the queue and the next submitting run sends them again; the run summaries carry the batch
 *       figures (documents submitted, estimate and worst case at the batch price, then the answers' tokens and cost);</li>
 *   <li>with {@code ledgerlens.openai.batch-reask=batch}, a collected answer that fails validation waits for the next
 *       batch: its re-ask line carries the first answer and the violations, and the second answer is stored with both
 *       answers' usage.</li>
 * </ul>
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BatchOperationsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    static Path workspace;
    static FakeOpenAiServer server;
    static Application application;

    @BeforeAll
    static void start() {
        server = FakeOpenAiServer.start();
        application = Application.open(new ConfigSource(new Properties(), Map.of(
                "LEDGERLENS_DATA_DIR", workspace.resolve("data").toString(),
                "LEDGERLENS_ENGINE", "openai",
                "OPENAI_API_KEY", "sk-test-batch-cancel",
                "OPENAI_BASE_URL", server.baseUrl(),
                "LEDGERLENS_OPENAI_BATCH_REASK", "batch",
                // the API failing a poll is shown at once, not after the SDK's back-off
                "LEDGERLENS_OPENAI_MAX_RETRIES", "0",
                "LEDGERLENS_CONCURRENCY", "2")));
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
    void aCancelledBatchGivesItsDocumentsBackAndTheNextRunSendsThemAgain() {
        Path inbox = workspace.resolve("inbox");
        ReceiptBatch receipts = ReceiptBatch.write(inbox, 3);
        Rows rows = new Rows(application.database().dataSource());

        RunTracker.Summary submitted = new BatchRun(application).run(inbox, InputDisposition.After.KEEP, new RunTracker(), null, true);

        assertThat(submitted.submitted()).isEqualTo(3);
        assertThat(submitted.batchTokens()).isPositive();
        assertThat(submitted.batchWorstCostUsd()).isPositive();
        assertThat(submitted.tokens()).as("nothing asked online").isZero();
        BatchRepository.Batch batch = application.batches().all().get(0);
        assertThat(batch.state()).isEqualTo("open");
        assertThat(batch.requestCount()).isEqualTo(3);
        assertThat(batch.estimatedCostUsd()).isEqualByComparingTo(submitted.batchWorstCostUsd());
        assertThat(application.batches().requests(batch.id())).hasSize(3).allSatisfy(request -> {
            assertThat(request.documentStatus()).isEqualTo("submitted");
            assertThat(request.customId()).isEqualTo("ledgerlens-" + request.documentId() + "-1");
            assertThat(request.fileName()).startsWith("receipt-");
        });

        OpenAiBatches.RemoteBatch cancelling = new BatchOperator(application).cancel(batch.batchId());
        assertThat(cancelling.status()).isEqualTo("cancelling");

        // an API that cannot answer the poll now: the batch waits for the next collect, the run is not stopped
        server.batches().failRetrieves(1);
        RunTracker unreachable = new RunTracker();
        new BatchOperator(application).collect(unreachable);
        assertThat(unreachable.fatalFailure()).isEmpty();
        assertThat(unreachable.batchNotes()).singleElement().satisfies(note -> {
            assertThat(note.event()).isEqualTo(RunTracker.BatchEvent.WAITING);
            assertThat(note.message()).contains("MODEL_UNAVAILABLE");
        });
        assertThat(application.storedRecords().countByStatus()).containsEntry("submitted", 3L);

        RunTracker collecting = new RunTracker();
        new BatchOperator(application).collect(collecting);

        assertThat(collecting.batchNotes()).singleElement().satisfies(note -> {
            assertThat(note.event()).isEqualTo(RunTracker.BatchEvent.COLLECTED);
            assertThat(note.status()).isEqualTo("cancelled");
            assertThat(note.requeued()).isEqualTo(3);
        });
        assertThat(application.storedRecords().countByStatus()).containsEntry("queued", 3L).containsEntry("submitted", 0L);

        RunTracker again = new RunTracker();
        RunTracker.Summary resubmitted = new BatchRun(application).run(inbox, InputDisposition.After.KEEP, again, null, true);

        assertThat(resubmitted.submitted()).as("the three, taken up from their kept originals").isEqualTo(3);
        assertThat(application.batches().all()).hasSize(2);
        assertThat(application.batches().requests(application.batches().all().get(0).id()))
                .allSatisfy(request -> assertThat(request.customId()).endsWith("-2"));

        for (Map<String, Object> row : rows.list("select id, sha256 from documents")) {
            String sha = ((String) row.get("sha256")).trim();
            server.when("ledgerlens-" + row.get("id") + "-2", Reply.json(receipts.documents().stream()
                    .filter(r -> r.sha256().equals(sha)).findFirst().orElseThrow().answerJson()));
        }
        server.batches().finishAll();
        RunTracker.Summary collected = new BatchOperator(application).collect(new RunTracker());

        assertThat(collected.valid()).isEqualTo(3);
        // 3 answers of 1,200 + 250 tokens at gpt-4.1-mini's batch price
        assertThat(collected.tokens()).isEqualTo(3 * 1450);
        assertThat(collected.costUsd()).isEqualByComparingTo(new BigDecimal("0.00132"));
        assertThat(rows.count("select count(*) from extractions")).isEqualTo(3);
    }

    @Test
    @Order(2)
    void aReaskCanWaitForTheNextBatchWithTheFirstAnswerAndTheViolations() throws IOException {
        Path inbox = workspace.resolve("inbox-reask");
        // the fourth receipt: the first three (shop, item, total) are stored already and would make it a near-duplicate
        ReceiptBatch receipts = ReceiptBatch.write(inbox, 4);
        for (ReceiptBatch.Receipt earlier : receipts.documents().subList(0, 3)) {
            Files.delete(earlier.file());
        }
        ReceiptBatch.Receipt receipt = receipts.documents().get(3);
        Rows rows = new Rows(application.database().dataSource());
        new BatchRun(application).run(inbox, InputDisposition.After.KEEP, new RunTracker(), null, true);
        long id = (Long) rows.one("select id from documents where sha256 = ?", receipt.sha256()).get("id");
        ObjectNode noTotal = (ObjectNode) JSON.readTree(receipt.answerJson());
        noTotal.putNull("total");
        noTotal.put("store_name", "FIRST ANSWER WITHOUT TOTAL");
        server.when("ledgerlens-" + id + "-1", Reply.json(noTotal.toString()));
        server.batches().finishAll();
        int onlineBefore = online();

        RunTracker.Summary collected = new BatchRun(application).run(inbox, InputDisposition.After.KEEP, new RunTracker(),
                null, true);

        assertThat(collected.requeued()).as("its re-ask goes into the next batch").isEqualTo(1);
        assertThat(collected.submitted()).as("the same run writes it").isEqualTo(1);
        assertThat(online()).as("nothing asked online").isEqualTo(onlineBefore);
        JsonNode line = server.batches().file(server.batches().all().get(server.batches().all().size() - 1).inputFileId())
                .lines().get(0);
        assertThat(line.path("custom_id").asText()).isEqualTo("ledgerlens-" + id + "-2");
        JsonNode messages = line.path("body").path("messages");
        assertThat(messages).hasSize(4);
        assertThat(messages.get(2).path("role").asText()).isEqualTo("assistant");
        assertThat(messages.get(2).path("content").asText()).contains("FIRST ANSWER WITHOUT TOTAL");
        assertThat(messages.get(3).path("content").asText()).contains("total");
        assertThat(rows.one("select status from documents where id = ?", id).get("status")).isEqualTo("submitted");
        assertThat(rows.one("select kind, reask_of is not null as linked from batch_requests where custom_id = ?",
                "ledgerlens-" + id + "-2")).containsEntry("kind", "reask").containsEntry("linked", true);

        server.when("ledgerlens-" + id + "-2", Reply.json(receipt.answerJson()));
        server.batches().finishAll();
        new BatchOperator(application).collect(new RunTracker());

        assertThat(rows.one("select status from documents where id = ?", id).get("status")).isEqualTo("valid");
        Map<String, Object> extraction = rows.one("select e.prompt_tokens, e.cost_usd, e.store_name from extractions e"
                + " join documents d on d.current_extraction = e.id where d.id = ?", id);
        assertThat(extraction.get("store_name")).isEqualTo("Corner Shop 3");
        assertThat(extraction.get("prompt_tokens")).as("both answers' usage").isEqualTo(2400L);
        assertThat((BigDecimal) extraction.get("cost_usd")).isEqualByComparingTo("0.00088");
        assertThat(rows.count("select count(*) from dead_letters")).isZero();
    }

    private static int online() {
        return (int) server.requests().stream().filter(r -> r.path().endsWith("/chat/completions")).count();
    }
}
