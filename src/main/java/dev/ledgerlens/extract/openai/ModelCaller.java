package dev.ledgerlens.extract.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.openai.core.JsonValue;
import com.openai.core.http.HttpResponseFor;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Sends a {@link Conversation} over one of OpenAI's wire APIs. Implementations are thread-safe. */
interface ModelCaller {

    /** The header that carries the document's SHA-256, for tracing and for fake servers that script answers per document. */
    String DOCUMENT_HEADER = "X-Ledgerlens-Document";

    ModelReply call(Conversation conversation, String documentId);

    /** The API path a batch of these requests names as its {@code endpoint} ({@code /v1/chat/completions}). */
    String endpoint();

    /**
     * The body {@link #call} sends for this conversation, as JSON: what a batch input line carries, so that a batched
     * document is asked exactly what it would have been asked online.
     */
    JsonNode body(Conversation conversation);

    /**
     * Reads a response body of this API (the {@code response.body} of a batch output line) into a reply, the same way
     * {@link #call} reads an online answer.
     *
     * @param requestId the line's {@code request_id}, or null
     */
    ModelReply read(JsonNode responseBody, String requestId);

    /**
     * Writes a request and reads an answer of the real shapes without sending anything. The SDK binds its classes
     * through Kotlin reflection on first use, which takes seconds and, with every worker blocked on the same lock,
     * would hold back the first documents of a run.
     */
    void warmUp() throws Exception;

    /** A conversation of the real shape (one text part, one page image) for {@link #warmUp()}. */
    Conversation WARM_UP = new Conversation("system", "user", List.of("data:image/png;base64,iVBORw0KGgo="), List.of());

    /** The schema as the SDK's untyped JSON properties. */
    static Map<String, JsonValue> schemaProperties(ObjectNode schema) {
        Map<String, JsonValue> properties = new LinkedHashMap<>();
        schema.fields().forEachRemaining(field -> properties.put(field.getKey(), JsonValue.fromJsonNode(field.getValue())));
        return properties;
    }

    static String requestId(HttpResponseFor<?> response, String fallback) {
        List<String> ids = response.headers().values("x-request-id");
        return ids.isEmpty() ? fallback : ids.get(0);
    }
}
