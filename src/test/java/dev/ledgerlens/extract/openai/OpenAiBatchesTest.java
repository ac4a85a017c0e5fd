package dev.ledgerlens.extract.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ledgerlens.extract.Extraction;
import dev.ledgerlens.failure.FailureReason;
import dev.ledgerlens.failure.LedgerlensException;
import dev.ledgerlens.render.RenderedDocument;
import dev.ledgerlens.testing.FakeBatchApi;
import dev.ledgerlens.testing.FakeOpenAiServer;
import dev.ledgerlens.testing.FakeOpenAiServer.Reply;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The engine's side of the Batch API against the fake server: lines hold the online request body, the Files and
 * Batches services work through the SDK, a batch's life cycle is followed to its end, and each output line is read
 * like an online answer (same typed failures), priced at the batch price.
 */
class OpenAiBatchesTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(OpenAiSettings.Api.class)
    void aBatchLineCarriesExactlyTheBodyTheOnlineRequestSends(OpenAiSettings.Api api) throws IOException {
        try (FakeOpenAiServer server = FakeOpenAiServer.start()) {
            server.otherwise(Reply.json(TestDocuments.fields("ACME", "9.99", "Coffee")));
            OpenAiSettings settings = TestDocuments.settings(server.baseUrl(), Map.of("LEDGERLENS_OPENAI_API", api.name()));
            try (OpenAiExtractor extractor = new OpenAiExtractor(settings, RunBudget.unlimited(), RequestLimiter.unlimited())) {
                RenderedDocument document = TestDocuments.document(dir, "same-body", 2);
                extractor.extract(document);
                BatchLine line = extractor.batchLine(document, "ledgerlens-7-1");

                JsonNode parsed = new com.fasterxml.jackson.databind.ObjectMapper().readTree(line.json());
                assertThat(parsed.path("custom_id").asText()).isEqualTo("ledgerlens-7-1");
                assertThat(parsed.path("method").asText()).isEqualTo("POST");
                assertThat(parsed.path("url").asText()).isEqualTo(api == OpenAiSettings.Api.CHAT
                        ? "/v1/chat/completions" : "/v1/responses").isEqualTo(extractor.batchEndpoint());
                assertThat(parsed.path("body")).isEqualTo(server.requests().get(0).body());
                assertThat(line.estimatedTokens()).isGreaterThan(0);
            }
        }
    }

    @Test
    void aBatchGoesFromUploadThroughItsLifeCycleToAnswersReadLikeOnlineOnesAtTheBatchPrice() throws IOException {
        try (FakeOpenAiServer server = FakeOpenAiServer.start()) {
            OpenAiSettings settings = TestDocuments.settings(server.baseUrl(), Map.of());
            try (OpenAiExtractor extractor = new OpenAiExtractor(settings, RunBudget.unlimited(), RequestLimiter.unlimited())) {
                Map<String, RenderedDocument> documents = new LinkedHashMap<>();
                Path file = dir.resolve("ledgerlens-batch-test.jsonl");
                BatchInputFile input = BatchInputFile.create(file);
                for (String name : List.of("good", "refused", "cut", "prose", "failed")) {
                    RenderedDocument document = TestDocuments.document(dir, name, 1);
                    String customId = "ledgerlens-" + name + "-1";
                    documents.put(customId, document);
                    input.append(extractor.batchLine(document, customId));
                }
                input.seal();
                server.when("ledgerlens-good-1", Reply.json(TestDocuments.fields("ACME", "9.99", "Coffee")).withUsage(1000, 200, 400))
                        .when("ledgerlens-refused-1", Reply.refusal("I can't help with that."))
                        .when("ledgerlens-cut-1", Reply.truncated("{\"document_type\":\"rec"))
                        .when("ledgerlens-prose-1", Reply.json("The total is 9.99."))
                        .when("ledgerlens-failed-1", Reply.serverError());
                OpenAiBatches batches = extractor.batches();

                String fileId = batches.upload(file);
                assertThat(server.batches().file(fileId).filename()).isEqualTo("ledgerlens-batch-test.jsonl");
                assertThat(server.batches().file(fileId).purpose()).isEqualTo("batch");
                assertThat(batches.filesNamed("ledgerlens-batch-test.jsonl")).containsExactly(fileId);
                OpenAiBatches.RemoteBatch created = batches.create(fileId, extractor.batchEndpoint(), Map.of("ledgerlens_batch", "1"));
                assertThat(created.status()).isEqualTo("validating");
                assertThat(created.expiresAt()).isPresent();
                assertThat(batches.findByInputFile(fileId)).map(OpenAiBatches.RemoteBatch::id).contains(created.id());
                assertThat(batches.retrieve(created.id()).status()).isEqualTo("in_progress");
                assertThat(batches.retrieve(created.id()).status()).isEqualTo("finalizing");
                assertThat(batches.retrieve(created.id()).status()).as("waits for the script").isEqualTo("finalizing");
                server.batches().finishAll();
                OpenAiBatches.RemoteBatch done = batches.retrieve(created.id());
                assertThat(done.status()).isEqualTo("completed");
                assertThat(done.ended()).isTrue();
                assertThat(done.completed()).isEqualTo(4);
                assertThat(done.failed()).isEqualTo(1);

                List<BatchResult> results = new ArrayList<>(read(batches, done.outputFileId().orElseThrow()));
                List<BatchResult> errors = read(batches, done.errorFileId().orElseThrow());
                assertThat(errors).singleElement().satisfies(error -> {
                    assertThat(error.customId()).isEqualTo("ledgerlens-failed-1");
                    assertThat(error.answered()).isFalse();
                    assertThat(error.notRun()).isFalse();
                    assertThat(error.error()).contains("HTTP 500").contains("server_error");
                });
                results.addAll(errors);
                Map<String, Object> outcomes = new LinkedHashMap<>();
                for (BatchResult result : results) {
                    try {
                        Extraction extraction = extractor.batchAnswer(documents.get(result.customId()), result, 1234, 60_000, null);
                        outcomes.put(result.customId(), extraction);
                    } catch (LedgerlensException failure) {
                        outcomes.put(result.customId(), failure.reason());
                    }
                }
                assertThat(outcomes).containsEntry("ledgerlens-refused-1", FailureReason.MODEL_REFUSAL)
                        .containsEntry("ledgerlens-cut-1", FailureReason.MODEL_TRUNCATED)
                        .containsEntry("ledgerlens-prose-1", FailureReason.MODEL_MALFORMED_JSON)
                        .containsEntry("ledgerlens-failed-1", FailureReason.BATCH_REQUEST_FAILED);
                Extraction good = (Extraction) outcomes.get("ledgerlens-good-1");
                assertThat(good.fields().storeName()).isEqualTo("ACME");
                assertThat(good.usage().estimatedTokens()).isEqualTo(1234);
                assertThat(good.usage().latencyMillis()).isEqualTo(60_000);
                assertThat(good.usage().requestIds()).startsWith("req_fake_batch_");
                // gpt-4.1-mini at the batch price: 600 uncached × 0.20 + 400 cached × 0.05 + 200 output × 0.80, per million
                assertThat(good.usage().costUsd()).isEqualByComparingTo("0.00030");
                assertThat(good.usage().costUsd()).isEqualByComparingTo(PriceTable.listPrices().priceFor("gpt-4.1-mini")
                        .orElseThrow().cost(1000, 400, 200).divide(BigDecimal.valueOf(2)));
            }
        }
    }

    @Test
    void anExpiredBatchMarksItsUnrunLinesAndAFailedOneSaysWhy() throws IOException {
        try (FakeOpenAiServer server = FakeOpenAiServer.start()) {
            OpenAiSettings settings = TestDocuments.settings(server.baseUrl(), Map.of());
            try (OpenAiExtractor extractor = new OpenAiExtractor(settings, RunBudget.unlimited(), RequestLimiter.unlimited())) {
                Path file = dir.resolve("expiring.jsonl");
                BatchInputFile input = BatchInputFile.create(file);
                for (int i = 1; i <= 5; i++) {
                    input.append(extractor.batchLine(TestDocuments.document(dir, "expiring-" + i, 1), "ledgerlens-" + i + "-1"));
                }
                input.seal();
                OpenAiBatches batches = extractor.batches();
                server.batches().endWith(FakeBatchApi.End.expired(2));
                OpenAiBatches.RemoteBatch expiring = batches.create(batches.upload(file), extractor.batchEndpoint(), Map.of());
                server.batches().endWith(FakeBatchApi.End.failed("Line 3: the model 'gpt-4.1-mini' does not exist."));
                OpenAiBatches.RemoteBatch failing = batches.create(batches.upload(file), extractor.batchEndpoint(), Map.of());
                server.batches().finishAll();

                OpenAiBatches.RemoteBatch expired = batches.retrieve(expiring.id());
                assertThat(expired.status()).isEqualTo("expired");
                assertThat(read(batches, expired.outputFileId().orElseThrow())).hasSize(2).allMatch(BatchResult::answered);
                assertThat(read(batches, expired.errorFileId().orElseThrow())).hasSize(3).allMatch(BatchResult::notRun);

                OpenAiBatches.RemoteBatch failed = batches.retrieve(failing.id());
                assertThat(failed.status()).isEqualTo("failed");
                assertThat(failed.errors()).singleElement().asString().contains("does not exist");
                assertThat(failed.outputFileId()).isEmpty();

                batches.deleteFile(expiring.inputFileId());
                assertThat(server.batches().file(expiring.inputFileId())).isNull();
            }
        }
    }

    @Test
    void aCancelledBatchAnswersNothingAndAnUnknownBatchIsAConfigurationError() throws IOException {
        try (FakeOpenAiServer server = FakeOpenAiServer.start()) {
            OpenAiSettings settings = TestDocuments.settings(server.baseUrl(), Map.of());
            try (OpenAiExtractor extractor = new OpenAiExtractor(settings, RunBudget.unlimited(), RequestLimiter.unlimited())) {
                Path file = dir.resolve("cancelled.jsonl");
                BatchInputFile input = BatchInputFile.create(file);
                input.append(extractor.batchLine(TestDocuments.document(dir, "cancelled", 1), "ledgerlens-1-1"));
                input.seal();
                OpenAiBatches batches = extractor.batches();
                OpenAiBatches.RemoteBatch created = batches.create(batches.upload(file), extractor.batchEndpoint(), Map.of());
                assertThat(batches.cancel(created.id()).status()).isEqualTo("cancelling");
                OpenAiBatches.RemoteBatch cancelled = batches.retrieve(created.id());
                assertThat(cancelled.status()).isEqualTo("cancelled");
                assertThat(read(batches, cancelled.errorFileId().orElseThrow())).singleElement()
                        .satisfies(line -> assertThat(line.notRun()).isTrue());
            }
        }
        try (FakeOpenAiServer other = FakeOpenAiServer.start()) {
            OpenAiSettings settings = TestDocuments.settings(other.baseUrl(), Map.of());
            try (OpenAiExtractor extractor = new OpenAiExtractor(settings, RunBudget.unlimited(), RequestLimiter.unlimited())) {
                assertThatThrownBy(() -> extractor.batches().retrieve("batch_nope"))
                        .isInstanceOfSatisfying(LedgerlensException.class,
                                failure -> assertThat(failure.reason()).isEqualTo(FailureReason.CONFIGURATION_INVALID));
            }
        }
    }

    @Test
    void aBatchLineIsChargedToTheBudgetAtTheBatchPriceBeforeItIsWritten() {
        // gpt-4.1-mini at the batch price, 4,096 output tokens: about 0.0033 USD of answer cap per line
        RunBudget budget = new RunBudget(new BigDecimal("0.005"), 0);
        try (FakeOpenAiServer server = FakeOpenAiServer.start()) {
            OpenAiSettings settings = TestDocuments.settings(server.baseUrl(), Map.of("LEDGERLENS_MAX_COST_USD", "0.005"));
            try (OpenAiExtractor extractor = new OpenAiExtractor(settings, budget, RequestLimiter.unlimited())) {
                BatchLine first = extractor.batchLine(TestDocuments.document(dir, "budget-1", 1), "ledgerlens-1-1");
                assertThat(first.worstCostUsd()).isBetween(new BigDecimal("0.003"), new BigDecimal("0.004"));
                assertThat(budget.spentUsd()).isEqualByComparingTo(first.worstCostUsd());
                assertThatThrownBy(() -> extractor.batchLine(TestDocuments.document(dir, "budget-2", 1), "ledgerlens-2-1"))
                        .isInstanceOfSatisfying(LedgerlensException.class,
                                failure -> assertThat(failure.reason()).isEqualTo(FailureReason.BUDGET_EXHAUSTED));
            }
            assertThat(server.requests()).as("nothing is sent to write a line").isEmpty();
        }
    }

    private static List<BatchResult> read(OpenAiBatches batches, String fileId) throws IOException {
        Path target = Files.createTempFile("batch-result", ".jsonl");
        try (InputStream content = Files.newInputStream(batches.download(fileId, target))) {
            return BatchResult.readAll(content);
        } finally {
            Files.deleteIfExists(target);
        }
    }
}
