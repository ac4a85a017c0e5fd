package dev.ledgerlens.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local HTTP server on 127.0.0.1 that speaks the OpenAI wire protocol ({@code POST /v1/chat/completions}
 * and {@code POST /v1/responses}) with scripted answers, for tests that must never call the real API.
 * <pre>{@code
 * try (FakeOpenAiServer server = FakeOpenAiServer.start()) {
 *     server.when(sha256OfInvoice, Reply.json("{...fields...}"))      // per document (header or body marker)
 *           .enqueue(Reply.rateLimited(Duration.ofMillis(10)))        // next request, whatever it is
 *           .otherwise(Reply.json(receiptJson));                        // everything else
 *     ... point OPENAI_BASE_URL at server.baseUrl() ...
 *     assertThat(server.requests()).hasSize(2);
 * }
 * }</pre>
 * Which reply a request gets: a random failure when {@link #randomFailures} draws one; else the next
 * queued reply ({@link #enqueue}); else the next reply scripted for the first marker the request
 * contains ({@link #when}; the last one repeats); else the default ({@link #otherwise}, initially an
 * answer with every field null). Markers match the {@code X-Ledgerlens-Document} header (the document's
 * SHA-256, sent by the engine) or any text of the request body (prompt, a data URL). Every request is
 * recorded with its headers and parsed body. Thread-safe; {@link #close()} stops it and ends any stall.
 *
 * <p>Faults: {@link Reply#rateLimited}, {@link Reply#serverError}, {@link Reply#serviceUnavailable} (503),
 * {@link Reply#connectionReset} (the connection closed with no response), {@link Reply#stall} (an answer held
 * past the client's timeout), {@link Reply#oversized} (a multi-megabyte answer); {@code randomFailures(fraction,
 * seed, failures...)} mixes them into a run and {@link #injectedFailures()} counts what was injected.
 */
public final class FakeOpenAiServer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The JSON answer with every field null: what a model says about a blank page. */
    public static final String EMPTY_FIELDS = "{\"document_type\":\"receipt\",\"store_name\":null,\"store_address\":null,"
            + "\"date\":null,\"time\":null,\"items\":[],\"subtotal\":null,\"tax\":null,\"tip\":null,\"discount\":null,"
            + "\"total\":null,\"currency\":null,\"payment_method\":null,\"invoice_number\":null,\"due_date\":null,"
            + "\"vendor_tax_id\":null,\"bill_to\":null,\"po_number\":null,\"tax_lines\":[]}";

    /** One request as received. */
    public record RecordedRequest(String method, String path, Map<String, List<String>> headers, JsonNode body, String rawBody) {
        /** The first value of a header, case-insensitive, or null. */
        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .findFirst().map(e -> e.getValue().get(0)).orElse(null);
        }

        public boolean isChat() {
            return path.endsWith("/chat/completions");
        }
    }

    /**
     * What the server answers to one request. Build with the static factories, refine with the {@code with…} methods.
     *
     * @param status        HTTP status
     * @param kind          how the body is made
     * @param content       the answer text (for answers), the refusal (refusals) or the error's message (errors)
     * @param errorType     OpenAI error {@code type}/{@code code} for errors
     * @param headers       extra response headers
     * @param delay         how long the server waits before answering (latency, stalls)
     * @param promptTokens  reported usage
     * @param completionTokens reported usage
     * @param cachedTokens  reported usage
     */
    public record Reply(int status, Kind kind, String content, String errorType, Map<String, String> headers,
                        Duration delay, long promptTokens, long completionTokens, long cachedTokens) {

        public enum Kind { ANSWER, REFUSAL, TRUNCATED, ERROR, DROP }

        public Reply {
            headers = Map.copyOf(headers);
        }

        /** A finished answer whose text is {@code content} (JSON or anything else: malformed answers too). */
        public static Reply json(String content) {
            return new Reply(200, Kind.ANSWER, content, null, Map.of(), Duration.ZERO, 1200, 250, 0);
        }

        /** A finished answer with no text at all. */
        public static Reply empty() {
            return json("");
        }

        /** {@code message.refusal} (chat) / a {@code refusal} content item (responses). */
        public static Reply refusal(String text) {
            return new Reply(200, Kind.REFUSAL, text, null, Map.of(), Duration.ZERO, 1200, 10, 0);
        }

        /** An answer cut off: {@code finish_reason: length} / {@code status: incomplete} with the partial text. */
        public static Reply truncated(String partial) {
            return new Reply(200, Kind.TRUNCATED, partial, null, Map.of(), Duration.ZERO, 1200, 4096, 0);
        }

        /** 429 {@code rate_limit_exceeded} with {@code retry-after-ms} and {@code retry-after} set to {@code retryAfter}. */
        public static Reply rateLimited(Duration retryAfter) {
            return error(429, "rate_limit_exceeded", "Rate limit reached for gpt-4.1-mini on requests per min (RPM): Limit 3, Used 3.")
                    .withRetryAfter(retryAfter);
        }

        /** 429 {@code insufficient_quota}, as OpenAI sends when the account has no credit. */
        public static Reply quotaExceeded() {
            return error(429, "insufficient_quota",
                    "You exceeded your current quota, please check your plan and billing details.");
        }

        /** 401 {@code invalid_api_key}; the message echoes the key like OpenAI's does (tests check we never repeat it). */
        public static Reply unauthorized(String echoedKey) {
            return error(401, "invalid_api_key", "Incorrect API key provided: " + echoedKey
                    + ". You can find your API key at https://platform.openai.com/account/api-keys.");
        }

        /** 500 {@code server_error}. */
        public static Reply serverError() {
            return error(500, "server_error", "The server had an error while processing your request. Sorry about that!");
        }

        /** 503 {@code service_unavailable}, as OpenAI's edge answers when the model is overloaded. */
        public static Reply serviceUnavailable() {
            return error(503, "service_unavailable", "The engine is currently overloaded, please try again later.");
        }

        /**
         * No answer at all: the server closes the connection after reading the request, so the client sees the
         * stream end with no status line ("unexpected end of stream"), as after a TCP reset or a proxy restart.
         */
        public static Reply connectionReset() {
            return new Reply(0, Kind.DROP, null, null, Map.of(), Duration.ZERO, 0, 0, 0);
        }

        /**
         * A server that holds the request for {@code stall} before answering 503: longer than the client's timeout,
         * it is a hung upstream; the client must give up and retry. {@link #close()} ends every stall at once.
         */
        public static Reply stall(Duration stall) {
            return serviceUnavailable().after(stall);
        }

        /**
         * A finished answer of about {@code bytes} bytes: the fields of {@code json} with {@code store_name} padded
         * with letters; what a broken or hostile compatible server might send (a real model stops at its token cap).
         */
        public static Reply oversized(String json, int bytes) {
            try {
                ObjectNode answer = (ObjectNode) JSON.readTree(json);
                answer.put("store_name", "X".repeat(Math.max(1, bytes - json.length())));
                return json(answer.toString()).withUsage(1200, bytes / 4, 0);
            } catch (IOException e) {
                throw new IllegalArgumentException("not a JSON object: " + json, e);
            }
        }

        /** Any status with an OpenAI-format error body {@code {"error":{message,type,param,code}}}. */
        public static Reply error(int status, String type, String message) {
            return new Reply(status, Kind.ERROR, message, type, Map.of(), Duration.ZERO, 0, 0, 0);
        }

        /** The reply after {@code delay}: latency, or a stall longer than the client's timeout. */
        public Reply after(Duration delay) {
            return new Reply(status, kind, content, errorType, headers, delay, promptTokens, completionTokens, cachedTokens);
        }

        /** Tells the client when to retry (both of OpenAI's headers). */
        public Reply withRetryAfter(Duration retryAfter) {
            Map<String, String> more = new LinkedHashMap<>(headers);
            more.put("retry-after-ms", String.valueOf(retryAfter.toMillis()));
            more.put("retry-after", String.valueOf(Math.max(0, (retryAfter.toMillis() + 999) / 1000)));
            return new Reply(status, kind, content, errorType, more, delay, promptTokens, completionTokens, cachedTokens);
        }

        public Reply withHeader(String name, String value) {
            Map<String, String> more = new LinkedHashMap<>(headers);
            more.put(name, value);
            return new Reply(status, kind, content, errorType, more, delay, promptTokens, completionTokens, cachedTokens);
        }

        public Reply withUsage(long prompt, long completion, long cached) {
            return new Reply(status, kind, content, errorType, headers, delay, prompt, completion, cached);
        }
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final FakeBatchApi batches = new FakeBatchApi(this);
    private final List<RecordedRequest> requests = new ArrayList<>();
    /** Whether {@link #requests()} keeps each request's body; load benchmarks turn it off to keep the heap theirs. */
    private boolean keepBodies = true;
    private final Deque<Reply> queue = new ArrayDeque<>();
    private final Map<String, Deque<Reply>> byMarker = new LinkedHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<String, Integer> injected = new java.util.TreeMap<>();
    private Reply fallback = Reply.json(EMPTY_FIELDS);
    private Duration latency = Duration.ZERO;
    private Random random;
    private double failureFraction;
    private List<Reply> randomFailures = List.of();

    private FakeOpenAiServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** Starts a server on 127.0.0.1 at a free port. */
    public static FakeOpenAiServer start() {
        try {
            HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            ExecutorService executor = Executors.newCachedThreadPool(runnable -> {
                Thread thread = new Thread(runnable, "fake-openai");
                thread.setDaemon(true);
                return thread;
            });
            FakeOpenAiServer fake = new FakeOpenAiServer(http, executor);
            http.createContext("/", fake::handle);
            http.setExecutor(executor);
            http.start();
            return fake;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the fake OpenAI server", e);
        }
    }

    /** The value for {@code OPENAI_BASE_URL}: {@code http://127.0.0.1:<port>/v1}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    /** Replies for the next requests, whatever they carry, in order. */
    public synchronized FakeOpenAiServer enqueue(Reply... replies) {
        queue.addAll(List.of(replies));
        return this;
    }

    /** Replies, in order, for requests containing {@code marker} (header or body); the last one repeats. */
    public synchronized FakeOpenAiServer when(String marker, Reply... replies) {
        byMarker.computeIfAbsent(marker, key -> new ArrayDeque<>()).addAll(List.of(replies));
        return this;
    }

    /** The reply when nothing else is scripted. */
    public synchronized FakeOpenAiServer otherwise(Reply reply) {
        this.fallback = reply;
        return this;
    }

    /** Extra delay before every reply (on top of a reply's own). */
    public synchronized FakeOpenAiServer latency(Duration latency) {
        this.latency = latency;
        return this;
    }

    /** A {@code fraction} of requests (drawn from a generator seeded with {@code seed}) get {@code failure} instead. */
    public synchronized FakeOpenAiServer randomFailures(double fraction, long seed, Reply failure) {
        return randomFailures(fraction, seed, new Reply[] {failure});
    }

    /**
     * A {@code fraction} of requests get one of {@code failures}, drawn uniformly, from a generator seeded with
     * {@code seed} (same seed, same order of requests: same failures). A fraction of 0 turns failures off.
     */
    public synchronized FakeOpenAiServer randomFailures(double fraction, long seed, Reply... failures) {
        if (fraction > 0 && failures.length == 0) {
            throw new IllegalArgumentException("name at least one failure to inject");
        }
        this.failureFraction = fraction;
        this.random = new Random(seed);
        this.randomFailures = List.of(failures);
        return this;
    }

    /** How many requests got an injected random failure, by kind ("429", "503", "connection reset", "stall 30s"). */
    public synchronized Map<String, Integer> injectedFailures() {
        return Map.copyOf(injected);
    }

    /** Every request received so far, in arrival order. */
    public synchronized List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    /**
     * Keeps only method, path and headers of the requests from now on: a load benchmark of thousands of page images
     * would otherwise fill the heap it shares with the pipeline under test.
     */
    public synchronized FakeOpenAiServer forgetBodies() {
        this.keepBodies = false;
        return this;
    }

    /** The Files and Batches endpoints: uploaded files, batches and their scripted life cycles. */
    public FakeBatchApi batches() {
        return batches;
    }

    /**
     * The reply for one line of a batch input file, chosen as for an online request: the line's {@code custom_id}
     * stands where the {@code X-Ledgerlens-Document} header would, and markers also match the line's text.
     */
    synchronized Reply replyForLine(String customId, String line) {
        return choose(new RecordedRequest("POST", "batch-line", Map.of("x-ledgerlens-document", List.of(customId)),
                JSON.nullNode(), line));
    }

    /** The response body an online request would have got with {@code reply} (an answer or an error object). */
    static String responseBody(Reply reply, JsonNode request, boolean chat, int id) {
        return reply.kind() == Reply.Kind.ERROR ? errorBody(reply)
                : chat ? chatBody(reply, request, id) : responsesBody(reply, request, id);
    }

    public synchronized int requestCount() {
        return requests.size();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String raw = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            JsonNode body;
            try {
                body = raw.isEmpty() ? JSON.nullNode() : JSON.readTree(raw);
            } catch (IOException e) {
                body = JSON.nullNode();
            }
            String path = exchange.getRequestURI().getPath();
            Map<String, List<String>> headers = new LinkedHashMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), List.copyOf(values)));
            RecordedRequest request = new RecordedRequest(exchange.getRequestMethod(), path, headers, body, raw);
            if (FakeBatchApi.serves(path)) {
                synchronized (this) {
                    requests.add(keepBodies ? request
                            : new RecordedRequest(request.method(), request.path(), request.headers(), JSON.nullNode(), ""));
                }
                batches.handle(exchange, request);
                return;
            }
            Reply reply;
            Duration extra;
            synchronized (this) {
                requests.add(keepBodies ? request
                        : new RecordedRequest(request.method(), request.path(), request.headers(), JSON.nullNode(), ""));
                reply = choose(request);
                extra = latency;
            }
            Duration wait = extra.plus(reply.delay());
            if (!wait.isZero()) {
                try {
                    Thread.sleep(wait.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return; // closing: drop the connection
                }
            }
            if (reply.kind() == Reply.Kind.DROP) {
                return; // closing the exchange before any response headers closes the connection
            }
            boolean chat = path.endsWith("/chat/completions");
            if (!chat && !path.endsWith("/responses")) {
                reply = Reply.error(404, "invalid_request_error", "Unknown path " + path);
            }
            int id = ids.incrementAndGet();
            String payload = reply.kind() == Reply.Kind.ERROR ? errorBody(reply)
                    : chat ? chatBody(reply, body, id) : responsesBody(reply, body, id);
            byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("content-type", "application/json");
            exchange.getResponseHeaders().set("x-request-id", "req_fake_" + id);
            reply.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
            exchange.sendResponseHeaders(reply.status(), bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        } catch (IOException e) {
            // The client went away (it timed out on a stall): nothing to answer.
        }
    }

    private Reply choose(RecordedRequest request) {
        if (random != null && random.nextDouble() < failureFraction) {
            Reply failure = randomFailures.get(random.nextInt(randomFailures.size()));
            String kind = failure.kind() == Reply.Kind.DROP ? "connection reset"
                    : failure.delay().isZero() ? String.valueOf(failure.status())
                    : "stall " + failure.delay().toSeconds() + "s";
            injected.merge(kind, 1, Integer::sum);
            return failure;
        }
        if (!queue.isEmpty()) {
            return queue.poll();
        }
        String document = request.header("x-ledgerlens-document");
        // a marker that is the document's whole SHA-256: one lookup, not a scan of every body (load tests)
        Deque<Reply> exact = document == null ? null : byMarker.get(document);
        if (exact != null) {
            return next(exact);
        }
        for (Map.Entry<String, Deque<Reply>> entry : byMarker.entrySet()) {
            String marker = entry.getKey();
            if ((document != null && document.contains(marker)) || request.rawBody().contains(marker)) {
                return next(entry.getValue());
            }
        }
        return fallback;
    }

    /** A marker's replies in order; the last one repeats. */
    private static Reply next(Deque<Reply> replies) {
        return replies.size() > 1 ? replies.poll() : replies.peek();
    }

    private static String errorBody(Reply reply) {
        ObjectNode error = JSON.createObjectNode();
        ObjectNode inner = error.putObject("error");
        inner.put("message", reply.content());
        inner.put("type", reply.errorType());
        inner.putNull("param");
        inner.put("code", reply.errorType());
        return error.toString();
    }

    private static String chatBody(Reply reply, JsonNode request, int id) {
        ObjectNode root = JSON.createObjectNode();
        root.put("id", "chatcmpl-fake-" + id);
        root.put("object", "chat.completion");
        root.put("created", System.currentTimeMillis() / 1000);
        root.put("model", request.path("model").asText("gpt-4.1-mini"));
        ObjectNode choice = root.putArray("choices").addObject();
        choice.put("index", 0);
        ObjectNode message = choice.putObject("message");
        message.put("role", "assistant");
        if (reply.kind() == Reply.Kind.REFUSAL) {
            message.putNull("content");
            message.put("refusal", reply.content());
        } else {
            if (reply.content() == null || reply.content().isEmpty()) {
                message.putNull("content");
            } else {
                message.put("content", reply.content());
            }
            message.putNull("refusal");
        }
        message.putArray("annotations");
        choice.putNull("logprobs");
        choice.put("finish_reason", reply.kind() == Reply.Kind.TRUNCATED ? "length" : "stop");
        ObjectNode usage = root.putObject("usage");
        usage.put("prompt_tokens", reply.promptTokens());
        usage.put("completion_tokens", reply.completionTokens());
        usage.put("total_tokens", reply.promptTokens() + reply.completionTokens());
        usage.putObject("prompt_tokens_details").put("cached_tokens", reply.cachedTokens()).put("audio_tokens", 0);
        usage.putObject("completion_tokens_details").put("reasoning_tokens", 0).put("audio_tokens", 0)
                .put("accepted_prediction_tokens", 0).put("rejected_prediction_tokens", 0);
        root.put("service_tier", "default");
        root.put("system_fingerprint", "fp_fake");
        return root.toString();
    }

    private static String responsesBody(Reply reply, JsonNode request, int id) {
        ObjectNode root = JSON.createObjectNode();
        root.put("id", "resp_fake_" + id);
        root.put("object", "response");
        root.put("created_at", System.currentTimeMillis() / 1000);
        boolean truncated = reply.kind() == Reply.Kind.TRUNCATED;
        root.put("status", truncated ? "incomplete" : "completed");
        root.putNull("error");
        if (truncated) {
            root.putObject("incomplete_details").put("reason", "max_output_tokens");
        } else {
            root.putNull("incomplete_details");
        }
        root.set("instructions", request.path("instructions").isMissingNode() ? JSON.nullNode() : request.get("instructions"));
        root.set("max_output_tokens", request.path("max_output_tokens").isMissingNode() ? JSON.nullNode() : request.get("max_output_tokens"));
        root.put("model", request.path("model").asText("gpt-4.1-mini"));
        ArrayNode output = root.putArray("output");
        if (reply.kind() == Reply.Kind.REFUSAL || (reply.content() != null && !reply.content().isEmpty())) {
            ObjectNode message = output.addObject();
            message.put("type", "message");
            message.put("id", "msg_fake_" + id);
            message.put("status", truncated ? "incomplete" : "completed");
            message.put("role", "assistant");
            ObjectNode part = message.putArray("content").addObject();
            if (reply.kind() == Reply.Kind.REFUSAL) {
                part.put("type", "refusal");
                part.put("refusal", reply.content());
            } else {
                part.put("type", "output_text");
                part.put("text", reply.content());
                part.putArray("annotations");
                part.putArray("logprobs");
            }
        }
        root.put("parallel_tool_calls", true);
        root.putNull("previous_response_id");
        root.putObject("reasoning").putNull("effort").putNull("summary");
        root.put("store", false);
        root.put("temperature", 1.0);
        root.set("text", request.path("text").isMissingNode() ? JSON.createObjectNode() : request.get("text"));
        root.put("tool_choice", "auto");
        root.putArray("tools");
        root.put("top_p", 1.0);
        root.put("truncation", "disabled");
        ObjectNode usage = root.putObject("usage");
        usage.put("input_tokens", reply.promptTokens());
        usage.putObject("input_tokens_details").put("cached_tokens", reply.cachedTokens());
        usage.put("output_tokens", reply.completionTokens());
        usage.putObject("output_tokens_details").put("reasoning_tokens", 0);
        usage.put("total_tokens", reply.promptTokens() + reply.completionTokens());
        root.putNull("user");
        root.putObject("metadata");
        return root.toString();
    }
}
