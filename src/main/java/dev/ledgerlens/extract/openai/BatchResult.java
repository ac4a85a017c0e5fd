package dev.ledgerlens.extract.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ledgerlens.failure.FailureReason;
import dev.ledgerlens.failure.LedgerlensException;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * One line of a batch's output or error file: the answer to one request, or why there is none.
 * <pre>{"id": "batch_req_…", "custom_id": "…", "response": {"status_code": 200, "request_id": "…", "body": {…}}, "error": null}</pre>
 *
 * @param customId     the request's {@code custom_id}
 * @param statusCode   the HTTP status of the request's response, or 0 when there was none
 * @param requestId    the response's {@code request_id}, or null
 * @param body         the response body (a chat completion, a response, or an error object), or null
 * @param errorCode    the line's {@code error.code} (a request that never ran: {@code batch_expired}), or null
 * @param errorMessage the line's {@code error.message}, or null
 */
public record BatchResult(String customId, int statusCode, String requestId, JsonNode body, String errorCode,
                          String errorMessage) {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Codes OpenAI writes for requests a batch never ran: they go back to the queue, they did not fail. */
    private static final Set<String> NOT_RUN = Set.of("batch_expired", "batch_cancelled");

    /** True when the line holds an answer (status 200): it goes through validation like an online answer. */
    public boolean answered() {
        return statusCode == 200 && body != null && errorCode == null;
    }

    /** True when the batch ended (expired, cancelled) before running the request: not a failure of the document. */
    public boolean notRun() {
        return errorCode != null && NOT_RUN.contains(errorCode);
    }

    /** The API's error, for the dead letter: status, code and message as the API wrote them. */
    public String error() {
        if (errorCode != null || errorMessage != null) {
            return errorCode + ": " + errorMessage;
        }
        JsonNode error = body == null ? null : body.path("error");
        if (error != null && error.isObject()) {
            return "HTTP " + statusCode + " " + error.path("code").asText(error.path("type").asText(""))
                    + ": " + error.path("message").asText("") + (requestId == null ? "" : " (request " + requestId + ")");
        }
        return "HTTP " + statusCode + (requestId == null ? "" : " (request " + requestId + ")");
    }

    /** Reads one line; a line that is not of this shape is an INTERNAL_ERROR naming it. */
    public static BatchResult parse(String line) {
        try {
            JsonNode node = JSON.readTree(line);
            JsonNode response = node.path("response");
            JsonNode error = node.path("error");
            boolean hasResponse = response.isObject();
            boolean hasError = error.isObject();
            if (!node.path("custom_id").isTextual()) {
                throw new LedgerlensException(FailureReason.INTERNAL_ERROR, "a batch result line has no custom_id: "
                        + preview(line));
            }
            return new BatchResult(node.get("custom_id").asText(),
                    hasResponse ? response.path("status_code").asInt(0) : 0,
                    hasResponse && response.path("request_id").isTextual() ? response.get("request_id").asText() : null,
                    hasResponse && response.has("body") && !response.get("body").isNull() ? response.get("body") : null,
                    hasError ? error.path("code").asText(null) : null,
                    hasError ? error.path("message").asText(null) : null);
        } catch (JsonProcessingException e) {
            throw new LedgerlensException(FailureReason.INTERNAL_ERROR, "a batch result line is not JSON ("
                    + e.getOriginalMessage() + "): " + preview(line), e);
        }
    }

    /** Every line of an output or error file (blank lines skipped). */
    public static List<BatchResult> readAll(InputStream content) throws IOException {
        List<BatchResult> results = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(content, StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (!line.isBlank()) {
                    results.add(parse(line));
                }
            }
        }
        return results;
    }

    private static String preview(String line) {
        return line.length() <= 200 ? line : line.substring(0, 200) + "…";
    }
}
