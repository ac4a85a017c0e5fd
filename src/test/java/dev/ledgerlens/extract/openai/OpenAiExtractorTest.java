package dev.ledgerlens.extract.openai;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import dev.ledgerlens.extract.Extraction;
import dev.ledgerlens.failure.Category;
import dev.ledgerlens.failure.FailureReason;
import dev.ledgerlens.failure.LedgerlensException;
import dev.ledgerlens.failure.Violation;
import dev.ledgerlens.render.RenderedDocument;
import dev.ledgerlens.testing.FakeOpenAiServer;
import dev.ledgerlens.testing.FakeOpenAiServer.RecordedRequest;
import dev.ledgerlens.testing.FakeOpenAiServer.Reply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.ledgerlens.extract.openai.TestDocuments.API_KEY;
import static dev.ledgerlens.extract.openai.TestDocuments.document;
import static dev.ledgerlens.extract.openai.TestDocuments.fields;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class OpenAiExtractorTest {
    private static final String RECEIPT = fields("ACME SDN BHD", "12.50", "Nasi lemak", "Teh tarik");

    @TempDir
    Path dir;
    private FakeOpenAiServer server;
    private final List<OpenAiExtractor> extractors = new ArrayList<>();

    @BeforeEach
    void startServer() {
        server = FakeOpenAiServer.start();
    }

    @AfterEach
    void stop() {
        extractors.forEach(OpenAiExtractor::close);
        server.close();
    }

    private OpenAiExtractor extractor(OpenAiSettings.Api api, String... keyValues) {
        Map<String, String> env = new HashMap<>();
        env.put("LEDGERLENS_OPENAI_API", api.name().toLowerCase());
        for (int i = 0; i < keyValues.length; i += 2) {
            env.put(keyValues[i], keyValues[i + 1]);
        }
        OpenAiSettings settings = TestDocuments.settings(server.baseUrl(), env);
        OpenAiExtractor extractor = new OpenAiExtractor(settings, RunBudget.from(settings), RequestLimiter.from(settings));
        extractors.add(extractor);
        return extractor;
    }

    @Test
    void chatSendsOneRequestWithOneImagePartPerPageAndTheStrictSchema() {
        server.otherwise(Reply.json(RECEIPT).withUsage(3000, 300, 1000));
        OpenAiExtractor extractor = extractor(OpenAiSettings.Api.CHAT);

        Extraction extraction = extractor.extract(document(dir, "a1b2c3", 3));

        assertThat(server.requests()).hasSize(1);
        RecordedRequest request = server.requests().get(0);
        assertThat(request.path()).isEqualTo("/v1/chat/completions");
        assertThat(request.header("authorization")).isEqualTo("Bearer " + API_KEY);
        assertThat(request.header("x-ledgerlens-document")).isEqualTo("a1b2c3");
        JsonNode body = request.body();
        assertThat(body.path("model").asText()).isEqualTo("gpt-4.1-mini");
        assertThat(body.path("messages").get(0).path("role").asText()).isEqualTo("system");
        JsonNode user = body.path("messages").get(1);
        assertThat(user.path("role").asText()).isEqualTo("user");
        List<JsonNode> images = new ArrayList<>();
        user.path("content").forEach(part -> {
            if (part.path("type").asText().equals("image_url")) {
                images.add(part);
            }
        });
        assertThat(images).hasSize(3).allSatisfy(part -> {
            assertThat(part.path("image_url").path("url").asText()).startsWith("data:image/png;base64,iVBOR");
            assertThat(part.path("image_url").path("detail").asText()).isEqualTo("high");
        });
        assertThat(user.path("content").get(0).path("text").asText()).contains("pages 1 to 3").contains("3 page(s)");
        JsonNode format = body.path("response_format");
        assertThat(format.path("type").asText()).isEqualTo("json_schema");
        assertThat(format.path("json_schema").path("strict").asBoolean()).isTrue();
        assertThat(format.path("json_schema").path("schema").path("properties").has("invoice_number")).isTrue();
        assertThat(format.path("json_schema").path("schema").has("$schema")).isFalse();
        assertThat(body.path("max_completion_tokens").asInt()).isEqualTo(4096);

        assertThat(extraction.engine()).isEqualTo("openai-chat");
        assertThat(extraction.fields().storeName()).isEqualTo("ACME SDN BHD");
        assertThat(extraction.fields().total()).isEqualTo("12.50");
        assertThat(extraction.fields().items()).extracting(i -> i.name()).containsExactly("Nasi lemak", "Teh tarik");
        assertThat(extraction.answers()).containsExactly(RECEIPT);
        assertThat(extraction.usage().promptTokens()).isEqualTo(3000);
        assertThat(extraction.usage().cachedTokens()).isEqualTo(1000);
        assertThat(extraction.usage().completionTokens()).isEqualTo(300);
        assertThat(extraction.usage().estimatedTokens()).isGreaterThan(3 * 100);
        assertThat(extraction.usage().requestIds()).isEqualTo("req_fake_1");
        // gpt-4.1-mini: 2000 × 0.40 + 1000 × 0.10 + 300 × 1.60 per million
        assertThat(extraction.usage().costUsd()).isEqualByComparingTo("0.00138");
    }

    @Test
    void responsesSendsInputImagesWithDetailTextFormatAndStoreFalse() {
        server.otherwise(Reply.json(RECEIPT));
        OpenAiExtractor extractor = extractor(OpenAiSettings.Api.RESPONSES, "LEDGERLENS_OPENAI_DETAIL", "low");

        Extraction extraction = extractor.extract(document(dir, "d4e5f6", 2));

        assertThat(server.requests()).hasSize(1);
        RecordedRequest request = server.requests().get(0);
        assertThat(request.path()).isEqualTo("/v1/responses");
        JsonNode body = request.body();
        assertThat(body.path("store").asBoolean(true)).isFalse();
        assertThat(body.path("text").path("format").path("type").asText()).isEqualTo("json_schema");
        assertThat(body.path("text").path("format").path("strict").asBoolean()).isTrue();
        JsonNode content = body.path("input").get(0).path("content");
        assertThat(content.get(0).path("type").asText()).isEqualTo("input_text");
        assertThat(content.get(1).path("type").asText()).isEqualTo("input_image");
        assertThat(content.get(1).path("detail").asText()).isEqualTo("low");
        assertThat(content.get(2).path("image_url").asText()).startsWith("data:image/png;base64,");
        assertThat(content).hasSize(3);
        assertThat(extraction.engine()).isEqualTo("openai-responses");
        assertThat(extraction.fields().total()).isEqualTo("12.50");
    }

    @ParameterizedTest
    @EnumSource(OpenAiSettings.Api.class)
    void everyAnswerFailureMapsToItsReasonAndKeepsTheAnswer(OpenAiSettings.Api api) {
        Map<Reply, FailureReason> cases = new java.util.LinkedHashMap<>();
        cases.put(Reply.refusal("I can't help with that."), FailureReason.MODEL_REFUSAL);
        cases.put(Reply.truncated("{\"document_type\":\"receipt\",\"store_na"), FailureReason.MODEL_TRUNCATED);
        cases.put(Reply.empty(), FailureReason.MODEL_EMPTY_ANSWER);
        cases.put(Reply.json("Sure! The total is 12.50"), FailureReason.MODEL_MALFORMED_JSON);
        cases.put(Reply.json("{\"total\": \"12.5"), FailureReason.MODEL_MALFORMED_JSON);
        cases.put(Reply.json("{\"total\": \"12.50\", \"tip_jar\": \"1\"}"), FailureReason.MODEL_SCHEMA_MISMATCH);
        cases.put(Reply.json("{\"total\": {\"amount\": 12.5}}"), FailureReason.MODEL_SCHEMA_MISMATCH);
        cases.put(Reply.json("[1, 2]"), FailureReason.MODEL_SCHEMA_MISMATCH);
        OpenAiExtractor extractor = extractor(api);
        int n = 0;
        for (Map.Entry<Reply, FailureReason> entry : cases.entrySet()) {
            String sha = "doc" + n++;
            server.when(sha, entry.getKey());
            LedgerlensException failure = catchThrowableOfType(LedgerlensException.class,
                    () -> extractor.extract(document(dir, sha, 1)));
            assertThat(failure).as(entry.getKey().toString()).isNotNull();
            assertThat(failure.reason()).as(entry.getKey().content()).isEqualTo(entry.getValue());
            assertThat(failure.category()).isEqualTo(Category.PERMANENT);
            if (entry.getKey().content() != null && !entry.getKey().content().isEmpty()) {
                assertThat(failure.modelAnswers()).as("answer kept for the dead letter").contains(entry.getKey().content());
            }
        }
        assertThat(server.requestCount()).as("answer failures are not retried by the engine").isEqualTo(cases.size());
    }

    @ParameterizedTest
    @EnumSource(OpenAiSettings.Api.class)
    void httpFailuresMapToTheirCategoryAfterTheSdkRetries(OpenAiSettings.Api api) {
        OpenAiExtractor extractor = extractor(api, "LEDGERLENS_OPENAI_MAX_RETRIES", "1");
        Duration fast = Duration.ofMillis(5);
        expectFailure(extractor, Reply.rateLimited(fast), FailureReason.MODEL_RATE_LIMITED, Category.TRANSIENT, 2);
        expectFailure(extractor, Reply.serverError().withRetryAfter(fast), FailureReason.MODEL_UNAVAILABLE, Category.TRANSIENT, 2);
        expectFailure(extractor, Reply.error(503, "server_error", "overloaded").withRetryAfter(fast),
                FailureReason.MODEL_UNAVAILABLE, Category.TRANSIENT, 2);
        expectFailure(extractor, Reply.quotaExceeded().withRetryAfter(fast), FailureReason.QUOTA_EXCEEDED, Category.FATAL, 2);
        expectFailure(extractor, Reply.unauthorized(API_KEY), FailureReason.AUTHENTICATION_FAILED, Category.FATAL, 1);
        expectFailure(extractor, Reply.error(403, "permission_denied", "no access"), FailureReason.AUTHENTICATION_FAILED, Category.FATAL, 1);
        expectFailure(extractor, Reply.error(404, "model_not_found", "The model does not exist"),
                FailureReason.CONFIGURATION_INVALID, Category.FATAL, 1);
    }

    private void expectFailure(OpenAiExtractor extractor, Reply reply, FailureReason reason, Category category, int attempts) {
        String sha = "http" + reply.status() + reply.errorType();
        server.when(sha, reply);
        int before = server.requestCount();
        LedgerlensException failure = catchThrowableOfType(LedgerlensException.class,
                () -> extractor.extract(document(dir, sha, 1)));
        assertThat(failure).as(reply.errorType()).isNotNull();
        assertThat(failure.reason()).as(reply.errorType()).isEqualTo(reason);
        assertThat(failure.category()).isEqualTo(category);
        assertThat(failure.getMessage()).contains("HTTP " + reply.status()).contains("req_fake_");
        assertThat(server.requestCount() - before).as("attempts for " + reply.errorType()).isEqualTo(attempts);
    }

    @Test
    void aStalledServerEndsAsModelTimeout() {
        server.otherwise(Reply.json(RECEIPT).after(Duration.ofSeconds(20)));
        OpenAiExtractor extractor = extractor(OpenAiSettings.Api.CHAT,
                "LEDGERLENS_OPENAI_TIMEOUT", "300ms", "LEDGERLENS_OPENAI_MAX_RETRIES", "0");

        LedgerlensException failure = catchThrowableOfType(LedgerlensException.class,
                () -> extractor.extract(document(dir, "slow", 1)));

        assertThat(failure.reason()).isEqualTo(FailureReason.MODEL_TIMEOUT);
        assertThat(failure.isTransient()).isTrue();
    }

    @ParameterizedTest
    @EnumSource(OpenAiSettings.Api.class)
    void retriesEndInSuccessWhenTheServerRecovers(OpenAiSettings.Api api) {
        server.enqueue(Reply.rateLimited(Duration.ofMillis(5)), Reply.serverError().withRetryAfter(Duration.ofMillis(5)))
                .otherwise(Reply.json(RECEIPT));
        OpenAiExtractor extractor = extractor(api, "LEDGERLENS_OPENAI_MAX_RETRIES", "2");

        Extraction extraction = extractor.extract(document(dir, "flaky", 2));

        assertThat(extraction.fields().total()).isEqualTo("12.50");
        assertThat(server.requestCount()).isEqualTo(3);
        assertThat(extraction.usage().requestIds()).isEqualTo("req_fake_3");
    }

    @Test
    void chatReaskContinuesTheConversationWithTheViolations() {
        String first = fields("ACME", null, "Nasi lemak");
        server.enqueue(Reply.json(first), Reply.json(RECEIPT));
        OpenAiExtractor extractor = extractor(OpenAiSettings.Api.CHAT);
        Extraction extraction = extractor.extract(document(dir, "reask", 2));

        Extraction second = extractor.reask(extraction, List.of(new Violation("total", "must not be null")));

        assertThat(server.requests()).hasSize(2);
        JsonNode messages = server.requests().get(1).body().path("messages");
        assertThat(messages).hasSize(4);
        assertThat(messages.get(0).path("role").asText()).isEqualTo("system");
        assertThat(messages.get(1).path("role").asText()).isEqualTo("user");
        assertThat(messages.get(1).path("content")).hasSize(3); // text + the same two pages
        assertThat(messages.get(1)).isEqualTo(server.requests().get(0).body().path("messages").get(1));
        assertThat(messages.get(2).path("role").asText()).isEqualTo("assistant");
        assertThat(messages.get(2).path("content").asText()).isEqualTo(first);
        assertThat(messages.get(3).path("role").asText()).isEqualTo("user");
        assertThat(messages.get(3).path("content").asText()).contains("- total: must not be null");
        assertThat(second.fields().total()).isEqualTo("12.50");
        assertThat(second.answers()).containsExactly(first, RECEIPT);
        assertThat(second.usage().promptTokens()).isEqualTo(2 * 1200);
        assertThat(second.usage().requestIds()).isEqualTo("req_fake_1,req_fake_2");
    }

    @Test
    void responsesReaskResendsTheConversationBecauseNothingIsStored() {
        String first = fields("ACME", null);
        server.enqueue(Reply.json(first), Reply.json("not json"));
        OpenAiExtractor extractor = extractor(OpenAiSettings.Api.RESPONSES);
        Extraction extraction = extractor.extract(document(dir, "reask2", 1));

        LedgerlensException failure = catchThrowableOfType(LedgerlensException.class,
                () -> extractor.reask(extraction, List.of(new Violation("total", "must not be null"))));

        JsonNode input = server.requests().get(1).body().path("input");
        assertThat(input).hasSize(3);
        assertThat(input.get(1).path("role").asText()).isEqualTo("assistant");
        assertThat(input.get(1).path("content").asText()).isEqualTo(first);
        assertThat(input.get(2).path("content").asText()).contains("total: must not be null");
        assertThat(server.requests().get(1).body().path("store").asBoolean(true)).isFalse();
        assertThat(failure.reason()).isEqualTo(FailureReason.MODEL_MALFORMED_JSON);
        assertThat(failure.modelAnswers()).containsExactly(first, "not json");
    }

    @Test
    void longDocumentsAreSplitAtThePageCapAndMerged() {
        server.enqueue(
                Reply.json(fields("ACME", null, "line 1", "line 2")),
                Reply.json(fields(null, null, "line 3")),
                Reply.json(fields("ACME (continued)", "99.00", "line 4")));
        OpenAiExtractor extractor = extractor(OpenAiSettings.Api.CHAT, "LEDGERLENS_OPENAI_MAX_PAGES_PER_REQUEST", "2");

        Extraction extraction = extractor.extract(document(dir, "long", 5));

        assertThat(server.requests()).hasSize(3);
        List<Integer> imagesPerRequest = server.requests().stream()
                .map(r -> r.body().path("messages").get(1).path("content").size() - 1).toList();
        assertThat(imagesPerRequest).containsExactly(2, 2, 1);
        assertThat(server.requests().get(2).body().path("messages").get(1).path("content").get(0).path("text").asText())
                .contains("page 5").contains("5 page(s)");
        assertThat(extraction.fields().storeName()).isEqualTo("ACME");
        assertThat(extraction.fields().total()).isEqualTo("99.00");
        assertThat(extraction.fields().items()).extracting(i -> i.name()).containsExactly("line 1", "line 2", "line 3", "line 4");
        assertThat(extraction.answers()).hasSize(3);
        assertThat(extraction.usage().requestIds().split(",")).hasSize(3);
    }

    @Test
    void rejectPolicyFailsLongDocumentsWithoutSendingThem() {
        OpenAiExtractor extractor = extractor(OpenAiSettings.Api.CHAT,
                "LEDGERLENS_OPENAI_MAX_PAGES_PER_REQUEST", "2", "LEDGERLENS_OPENAI_PAGE_OVERFLOW", "reject");

        assertThatThrownBy(() -> extractor.extract(document(dir, "long", 3)))
                .isInstanceOfSatisfying(LedgerlensException.class,
                        e -> assertThat(e.reason()).isEqualTo(FailureReason.PAGE_LIMIT));
        assertThat(server.requestCount()).isZero();
    }

    @Test
    void answersAreScriptedPerDocumentByItsSha256() {
        server.when("sha-invoice", Reply.json(fields("Invoice Co", "100.00")))
                .when("sha-receipt", Reply.json(fields("Corner Shop", "3.20")));
        OpenAiExtractor extractor = extractor(OpenAiSettings.Api.CHAT);

        assertThat(extractor.extract(document(dir, "sha-receipt", 1)).fields().total()).isEqualTo("3.20");
        assertThat(extractor.extract(document(dir, "sha-invoice", 1)).fields().total()).isEqualTo("100.00");
    }

    @Test
    void theApiKeyNeverAppearsInFailuresOrLogs() {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Logger engine = (Logger) LoggerFactory.getLogger("dev.ledgerlens");
        Level previous = engine.getLevel();
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        root.addAppender(appender);
        engine.setLevel(Level.DEBUG);
        try {
            server.enqueue(Reply.json(RECEIPT), Reply.unauthorized(API_KEY));
            OpenAiExtractor extractor = extractor(OpenAiSettings.Api.CHAT);
            extractor.extract(document(dir, "ok", 1));
            LedgerlensException failure = catchThrowableOfType(LedgerlensException.class,
                    () -> extractor.extract(document(dir, "denied", 1)));

            assertThat(failure.reason()).isEqualTo(FailureReason.AUTHENTICATION_FAILED);
            assertThat(failure.getMessage()).contains("Incorrect API key provided").doesNotContain(API_KEY).doesNotContain("SECRET");
            for (Throwable t = failure; t != null; t = t.getCause()) {
                assertThat(String.valueOf(t.getMessage())).doesNotContain(API_KEY);
            }
            assertThat(appender.list).isNotEmpty();
            assertThat(appender.list).allSatisfy(event -> assertThat(event.getFormattedMessage()).doesNotContain(API_KEY));
            assertThat(extractor.toString() + TestDocuments.settings(server.baseUrl(), Map.of())).doesNotContain(API_KEY);
        } finally {
            root.detachAppender(appender);
            engine.setLevel(previous);
        }
    }

    @Test
    void theBudgetStopsTheRunBeforeARequestThatCouldExceedIt() {
        server.otherwise(Reply.json(RECEIPT).withUsage(5000, 500, 0));
        // Worst case of one request here ≈ 0.0020 USD input+output cap; the first fits, the second no longer does.
        OpenAiExtractor extractor = extractor(OpenAiSettings.Api.CHAT, "LEDGERLENS_MAX_COST_USD", "0.004",
                "LEDGERLENS_OPENAI_MAX_OUTPUT_TOKENS", "1000");

        extractor.extract(document(dir, "first", 1));
        LedgerlensException failure = catchThrowableOfType(LedgerlensException.class,
                () -> extractor.extract(document(dir, "second", 1)));

        assertThat(failure.reason()).isEqualTo(FailureReason.BUDGET_EXHAUSTED);
        assertThat(failure.isFatal()).isTrue();
        assertThat(failure.getMessage()).contains("ledgerlens.max-cost-usd=0.004");
        assertThat(server.requestCount()).as("the second request is never sent").isEqualTo(1);
    }

    @Test
    void aTokenBudgetSmallerThanOneRequestSendsNothing() {
        OpenAiExtractor extractor = extractor(OpenAiSettings.Api.CHAT, "LEDGERLENS_MAX_TOKENS", "1000");

        assertThatThrownBy(() -> extractor.extract(document(dir, "any", 1)))
                .isInstanceOfSatisfying(LedgerlensException.class,
                        e -> assertThat(e.reason()).isEqualTo(FailureReason.BUDGET_EXHAUSTED));
        assertThat(server.requestCount()).isZero();
    }

    @Test
    void pagesOfATypeTheApiCannotReadAreRefusedBeforeSending() {
        RenderedDocument good = document(dir, "tiff", 1);
        var page = good.pages().get(0);
        RenderedDocument tiff = new RenderedDocument(good.source(), good.type(), 1,
                List.of(new dev.ledgerlens.render.RenderedPage(1, page.image(), "image/tiff", 120, 160, null)));
        OpenAiExtractor extractor = extractor(OpenAiSettings.Api.CHAT);

        assertThatThrownBy(() -> extractor.extract(tiff)).isInstanceOfSatisfying(LedgerlensException.class,
                e -> assertThat(e.reason()).isEqualTo(FailureReason.UNSUPPORTED_TYPE));
        assertThat(server.requestCount()).isZero();
    }

    @Test
    void concurrentDocumentsGetTheirOwnAnswersThroughRandomFailures() throws Exception {
        int documents = 40;
        for (int i = 0; i < documents; i++) {
            server.when("concurrent-" + i + "-", Reply.json(fields("Shop " + i, i + ".00")));
        }
        server.latency(Duration.ofMillis(20))
                .randomFailures(0.2, 42, Reply.serverError().withRetryAfter(Duration.ofMillis(5)));
        OpenAiExtractor extractor = extractor(OpenAiSettings.Api.CHAT, "LEDGERLENS_OPENAI_MAX_RETRIES", "6");
        List<RenderedDocument> inputs = new ArrayList<>();
        for (int i = 0; i < documents; i++) {
            inputs.add(document(dir, "concurrent-" + i + "-", 1));
        }
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            List<java.util.concurrent.Future<Extraction>> results = new ArrayList<>();
            inputs.forEach(input -> results.add(pool.submit(() -> extractor.extract(input))));
            for (int i = 0; i < documents; i++) {
                Extraction extraction = results.get(i).get(60, java.util.concurrent.TimeUnit.SECONDS);
                assertThat(extraction.fields().storeName()).isEqualTo("Shop " + i);
                assertThat(extraction.fields().total()).isEqualTo(i + ".00");
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(server.requestCount()).as("random 500s were retried by the SDK").isGreaterThan(documents);
    }
}
