package dev.ledgerlens.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import dev.ledgerlens.testing.FakeOpenAiServer.RecordedRequest;
import dev.ledgerlens.testing.FakeOpenAiServer.Reply;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Files ({@code /v1/files}: upload, list, retrieve, content, delete) and Batches ({@code /v1/batches}: create,
 * list, retrieve, cancel) endpoints of {@link FakeOpenAiServer}, with scripted life cycles:
 * <pre>{@code
 * server.batches().endWith(End.expired(20));   // batches created from now on end expired, 20 lines answered
 * ... the application uploads a file and creates a batch ...
 * server.batches().finishAll();                 // every batch not ended yet ends now, its output files written
 * }</pre>
 * A batch starts {@code validating}; each retrieve moves it one step, to {@code in_progress} and {@code finalizing},
 * where it waits until {@link #finishAll()} (or {@link #autoFinish}) ends it as scripted ({@link End}). Each line's
 * answer is chosen when the batch ends, exactly as an online request's reply ({@link FakeOpenAiServer#when} with the
 * line's {@code custom_id} as the marker, or any text of the line; {@link FakeOpenAiServer#otherwise}): an answer goes
 * into the output file, an error reply into the error file with its status and body; lines after the scripted number of
 * answers of an expired batch get {@code batch_expired} in the error file. A cancelled batch answers nothing.
 * {@link #holdCreates} keeps create requests unanswered, creating nothing (a process killed between upload and create);
 * {@link #failRetrieves} answers the next retrieves 503.
 * Thread-safe.
 */
public final class FakeBatchApi {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern BATCH = Pattern.compile(".*/batches/([^/]+)(/cancel)?");
    private static final Pattern FILE = Pattern.compile(".*/files/([^/]+)(/content)?");

    /**
     * How a batch ends.
     *
     * @param status   completed, expired or failed
     * @param answered how many lines (from the first) get their reply; the rest are batch_expired (expired only)
     * @param message  a failed batch's error message
     */
    public record End(String status, int answered, String message) {
        public static End completed() {
            return new End("completed", Integer.MAX_VALUE, null);
        }

        public static End expired(int answered) {
            return new End("expired", answered, null);
        }

        public static End failed(String message) {
            return new End("failed", 0, message);
        }
    }

    /** An uploaded file. */
    public record StoredFile(String id, String filename, String purpose, byte[] content, long createdAt) {
        public String text() {
            return new String(content, StandardCharsets.UTF_8);
        }

        /** The file's lines as JSON (a batch input, output or error file). */
        public List<JsonNode> lines() {
            List<JsonNode> lines = new ArrayList<>();
            for (String line : text().split("\n")) {
                if (!line.isBlank()) {
                    try {
                        lines.add(JSON.readTree(line));
                    } catch (IOException e) {
                        throw new IllegalStateException("not a JSON line: " + line, e);
                    }
                }
            }
            return lines;
        }
    }

    /** A batch as the fake holds it. */
    public static final class FakeBatch {
        private final String id;
        private final String inputFileId;
        private final String endpoint;
        private final JsonNode metadata;
        private final End end;
        private final long createdAt;
        private String status = "validating";
        private String outputFileId;
        private String errorFileId;
        private long completed;
        private long failed;
        private final long total;

        private FakeBatch(String id, String inputFileId, String endpoint, JsonNode metadata, End end, long total, long createdAt) {
            this.id = id;
            this.inputFileId = inputFileId;
            this.endpoint = endpoint;
            this.metadata = metadata;
            this.end = end;
            this.total = total;
            this.createdAt = createdAt;
        }

        public String id() {
            return id;
        }

        public String status() {
            return status;
        }

        public String inputFileId() {
            return inputFileId;
        }

        public String outputFileId() {
            return outputFileId;
        }

        public String errorFileId() {
            return errorFileId;
        }
    }

    private final FakeOpenAiServer server;
    private final Map<String, StoredFile> files = new LinkedHashMap<>();
    private final Map<String, FakeBatch> batches = new LinkedHashMap<>();
    private End nextEnd = End.completed();
    private boolean autoFinish;
    private boolean holdCreates;
    private int failingRetrieves;
    private int ids;

    FakeBatchApi(FakeOpenAiServer server) {
        this.server = server;
    }

    static boolean serves(String path) {
        return path.contains("/files") || path.contains("/batches");
    }

    /** How batches created from now on end. */
    public synchronized FakeBatchApi endWith(End end) {
        this.nextEnd = end;
        return this;
    }

    /** true: a batch ends as scripted on the retrieve after {@code finalizing}, without {@link #finishAll()}. */
    public synchronized FakeBatchApi autoFinish(boolean on) {
        this.autoFinish = on;
        return this;
    }

    /** true: create requests are held unanswered and create nothing, as if the client died before they arrived. */
    public synchronized FakeBatchApi holdCreates(boolean on) {
        this.holdCreates = on;
        return this;
    }

    /** The next {@code count} retrieves of a batch answer 503, as an overloaded API does. */
    public synchronized FakeBatchApi failRetrieves(int count) {
        this.failingRetrieves = count;
        return this;
    }

    /** Ends every batch that has not ended, as scripted; their output and error files are written now. */
    public synchronized void finishAll() {
        for (FakeBatch batch : batches.values()) {
            if (!ended(batch)) {
                finish(batch);
            }
        }
    }

    /** Every batch, in creation order. */
    public synchronized List<FakeBatch> all() {
        return List.copyOf(batches.values());
    }

    /** Every file still stored, in upload order (deleted files are gone). */
    public synchronized List<StoredFile> files() {
        return List.copyOf(files.values());
    }

    public synchronized StoredFile file(String id) {
        return files.get(id);
    }

    void handle(HttpExchange exchange, RecordedRequest request) throws IOException {
        String path = request.path();
        String method = request.method();
        if (method.equals("POST") && path.endsWith("/batches") && holding()) {
            try {
                Thread.sleep(Long.MAX_VALUE); // until the server closes; the client never hears back
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return;
        }
        Response response;
        synchronized (this) {
            response = route(method, path, exchange.getRequestURI().getRawQuery(), request);
        }
        exchange.getResponseHeaders().set("content-type", response.contentType());
        exchange.getResponseHeaders().set("x-request-id", "req_fake_files_" + System.nanoTime());
        exchange.sendResponseHeaders(response.status(), response.body().length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(response.body());
        }
    }

    private synchronized boolean holding() {
        return holdCreates;
    }

    private record Response(int status, String contentType, byte[] body) {
        static Response json(int status, JsonNode body) {
            return new Response(status, "application/json", body.toString().getBytes(StandardCharsets.UTF_8));
        }
    }

    private Response route(String method, String path, String query, RecordedRequest request) {
        Matcher batch = BATCH.matcher(path);
        Matcher file = FILE.matcher(path);
        if (path.endsWith("/files") && method.equals("POST")) {
            return upload(request);
        }
        if (path.endsWith("/files") && method.equals("GET")) {
            String purpose = parameter(query, "purpose");
            ArrayNode data = JSON.createArrayNode();
            files.values().stream().filter(f -> purpose == null || purpose.equals(f.purpose()))
                    .forEach(f -> data.add(fileJson(f)));
            return Response.json(200, list(data));
        }
        if (file.matches()) {
            StoredFile stored = files.get(file.group(1));
            if (stored == null) {
                return error(404, "No such File object: " + file.group(1));
            }
            if (file.group(2) != null) {
                return new Response(200, "application/octet-stream", stored.content());
            }
            if (method.equals("DELETE")) {
                files.remove(stored.id());
                return Response.json(200, JSON.createObjectNode().put("id", stored.id()).put("object", "file")
                        .put("deleted", true));
            }
            return Response.json(200, fileJson(stored));
        }
        if (path.endsWith("/batches") && method.equals("POST")) {
            return create(request.body());
        }
        if (path.endsWith("/batches") && method.equals("GET")) {
            ArrayNode data = JSON.createArrayNode();
            List<FakeBatch> newestFirst = new ArrayList<>(batches.values());
            java.util.Collections.reverse(newestFirst);
            newestFirst.forEach(b -> data.add(batchJson(b)));
            return Response.json(200, list(data));
        }
        if (batch.matches()) {
            FakeBatch found = batches.get(batch.group(1));
            if (found == null) {
                return error(404, "No batch found with id '" + batch.group(1) + "'.");
            }
            if (batch.group(2) == null && method.equals("GET") && failingRetrieves > 0) {
                failingRetrieves--;
                ObjectNode body = JSON.createObjectNode();
                body.putObject("error").put("message", "The engine is currently overloaded, please try again later.")
                        .put("type", "service_unavailable").putNull("param").put("code", "service_unavailable");
                return Response.json(503, body);
            }
            if (batch.group(2) != null) {
                if (!ended(found)) {
                    found.status = "cancelling";
                }
                return Response.json(200, batchJson(found));
            }
            advance(found);
            return Response.json(200, batchJson(found));
        }
        return error(404, "Unknown path " + path);
    }

    private Response upload(RecordedRequest request) {
        String contentType = request.header("content-type");
        Matcher boundary = Pattern.compile("boundary=\"?([^\";]+)\"?").matcher(contentType == null ? "" : contentType);
        if (!boundary.find()) {
            return error(400, "expected multipart/form-data");
        }
        Map<String, String> fields = new LinkedHashMap<>();
        String filename = null;
        byte[] content = null;
        for (String part : request.rawBody().split("--" + Pattern.quote(boundary.group(1)))) {
            int split = part.indexOf("\r\n\r\n");
            if (split < 0) {
                continue;
            }
            String headers = part.substring(0, split);
            String value = part.substring(split + 4);
            if (value.endsWith("\r\n")) {
                value = value.substring(0, value.length() - 2);
            }
            Matcher name = Pattern.compile("name=\"([^\"]*)\"").matcher(headers);
            if (!name.find()) {
                continue;
            }
            Matcher file = Pattern.compile("filename=\"([^\"]*)\"").matcher(headers);
            if (name.group(1).equals("file")) {
                filename = file.find() ? file.group(1) : "upload";
                content = value.getBytes(StandardCharsets.UTF_8);
            } else {
                fields.put(name.group(1), value);
            }
        }
        if (content == null || !fields.containsKey("purpose")) {
            return error(400, "'file' and 'purpose' are required");
        }
        StoredFile stored = store(filename, fields.get("purpose"), content);
        return Response.json(200, fileJson(stored));
    }

    private StoredFile store(String filename, String purpose, byte[] content) {
        StoredFile stored = new StoredFile("file-fake-" + (++ids), filename, purpose, content, now());
        files.put(stored.id(), stored);
        return stored;
    }

    private Response create(JsonNode body) {
        String inputFileId = body.path("input_file_id").asText();
        StoredFile input = files.get(inputFileId);
        if (input == null) {
            return error(400, "Invalid 'input_file_id': '" + inputFileId + "'.");
        }
        if (!"batch".equals(input.purpose())) {
            return error(400, "The input file must be uploaded with purpose 'batch'.");
        }
        if (!"24h".equals(body.path("completion_window").asText())) {
            return error(400, "completion_window must be 24h");
        }
        FakeBatch batch = new FakeBatch("batch_fake_" + (++ids), inputFileId, body.path("endpoint").asText(),
                body.path("metadata"), nextEnd, input.lines().size(), now());
        batches.put(batch.id, batch);
        return Response.json(200, batchJson(batch));
    }

    private void advance(FakeBatch batch) {
        switch (batch.status) {
            case "validating" -> batch.status = "in_progress";
            case "in_progress" -> batch.status = "finalizing";
            case "finalizing" -> {
                if (autoFinish) {
                    finish(batch);
                }
            }
            case "cancelling" -> {
                batch.status = "cancelled";
                List<String> errors = new ArrayList<>();
                for (JsonNode line : files.get(batch.inputFileId).lines()) {
                    errors.add(notRun(line.path("custom_id").asText(), "batch_cancelled",
                            "This request was not executed because the batch was cancelled."));
                }
                batch.errorFileId = store(batch.id + "_error.jsonl", "batch_output", joined(errors)).id();
            }
            default -> { }
        }
    }

    private static boolean ended(FakeBatch batch) {
        return List.of("completed", "expired", "failed", "cancelled").contains(batch.status);
    }

    /** Answers the batch's lines as scripted and writes its output and error files. */
    private void finish(FakeBatch batch) {
        End end = batch.end;
        if (end.status().equals("failed")) {
            batch.status = "failed";
            return;
        }
        boolean chat = batch.endpoint.endsWith("/chat/completions");
        List<String> output = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        int index = 0;
        for (JsonNode line : files.get(batch.inputFileId).lines()) {
            String customId = line.path("custom_id").asText();
            if (index++ >= end.answered()) {
                errors.add(notRun(customId, "batch_expired",
                        "This request could not be executed before the completion window expired."));
                continue;
            }
            Reply reply = server.replyForLine(customId, line.toString());
            int id = ++ids;
            ObjectNode result = JSON.createObjectNode();
            result.put("id", "batch_req_fake_" + id);
            result.put("custom_id", customId);
            ObjectNode response = result.putObject("response");
            response.put("status_code", reply.kind() == Reply.Kind.ERROR ? reply.status() : 200);
            response.put("request_id", "req_fake_batch_" + id);
            try {
                response.set("body", JSON.readTree(FakeOpenAiServer.responseBody(reply, line.path("body"), chat, id)));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            result.putNull("error");
            if (reply.kind() == Reply.Kind.ERROR) {
                errors.add(result.toString());
                batch.failed++;
            } else {
                output.add(result.toString());
                batch.completed++;
            }
        }
        batch.status = end.status();
        if (!output.isEmpty()) {
            batch.outputFileId = store(batch.id + "_output.jsonl", "batch_output", joined(output)).id();
        }
        if (!errors.isEmpty()) {
            batch.errorFileId = store(batch.id + "_error.jsonl", "batch_output", joined(errors)).id();
        }
    }

    private String notRun(String customId, String code, String message) {
        ObjectNode result = JSON.createObjectNode();
        result.put("id", "batch_req_fake_" + (++ids));
        result.put("custom_id", customId);
        result.putNull("response");
        result.putObject("error").put("code", code).put("message", message);
        return result.toString();
    }

    private static byte[] joined(List<String> lines) {
        return (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    private ObjectNode batchJson(FakeBatch batch) {
        ObjectNode json = JSON.createObjectNode();
        json.put("id", batch.id);
        json.put("object", "batch");
        json.put("endpoint", batch.endpoint);
        if (batch.status.equals("failed")) {
            ObjectNode errors = json.putObject("errors");
            errors.put("object", "list");
            errors.putArray("data").addObject().put("code", "invalid_request")
                    .put("message", batch.end.message()).putNull("param").putNull("line");
        } else {
            json.putNull("errors");
        }
        json.put("input_file_id", batch.inputFileId);
        json.put("completion_window", "24h");
        json.put("status", batch.status);
        json.put("output_file_id", batch.outputFileId);
        json.put("error_file_id", batch.errorFileId);
        json.put("created_at", batch.createdAt);
        json.put("expires_at", batch.createdAt + 24 * 3600);
        if (ended(batch)) {
            json.put(switch (batch.status) {
                case "completed" -> "completed_at";
                case "expired" -> "expired_at";
                case "failed" -> "failed_at";
                default -> "cancelled_at";
            }, now());
        }
        json.putObject("request_counts").put("total", batch.total).put("completed", batch.completed)
                .put("failed", batch.failed);
        json.set("metadata", batch.metadata.isMissingNode() ? JSON.nullNode() : batch.metadata);
        return json;
    }

    private static ObjectNode fileJson(StoredFile file) {
        ObjectNode json = JSON.createObjectNode();
        json.put("id", file.id());
        json.put("object", "file");
        json.put("bytes", file.content().length);
        json.put("created_at", file.createdAt());
        json.put("filename", file.filename());
        json.put("purpose", file.purpose());
        json.put("status", "processed");
        return json;
    }

    private static ObjectNode list(ArrayNode data) {
        ObjectNode list = JSON.createObjectNode();
        list.put("object", "list");
        list.set("data", data);
        list.put("first_id", data.isEmpty() ? null : data.get(0).path("id").asText());
        list.put("last_id", data.isEmpty() ? null : data.get(data.size() - 1).path("id").asText());
        list.put("has_more", false);
        return list;
    }

    private static Response error(int status, String message) {
        ObjectNode body = JSON.createObjectNode();
        body.putObject("error").put("message", message).put("type", "invalid_request_error").putNull("param")
                .putNull("code");
        return Response.json(status, body);
    }

    private static String parameter(String query, String name) {
        if (query == null) {
            return null;
        }
        for (String pair : query.split("&")) {
            int equals = pair.indexOf('=');
            if (equals > 0 && pair.substring(0, equals).equals(name)) {
                return URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    private static long now() {
        return System.currentTimeMillis() / 1000;
    }
}
