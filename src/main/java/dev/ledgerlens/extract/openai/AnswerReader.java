package dev.ledgerlens.extract.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.ledgerlens.extract.RawFields;
import dev.ledgerlens.failure.FailureReason;
import dev.ledgerlens.failure.LedgerlensException;

import java.io.IOException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the model's answer text into {@link RawFields}, strictly: text that is not JSON is
 * MODEL_MALFORMED_JSON, JSON of another shape (unknown field, object where text belongs, trailing
 * garbage) is MODEL_SCHEMA_MISMATCH. We check even when the server promised strict mode, because
 * OpenAI-compatible servers often ignore the schema. Thread-safe (Jackson readers are immutable).
 */
public final class AnswerReader {
    /** Some compatible servers wrap the JSON in a Markdown fence despite being told not to. */
    private static final Pattern FENCE = Pattern.compile("(?s)^\\s*```(?:json)?\\s*(.*?)\\s*```\\s*$");

    /**
     * The longest answer read: 256 K characters, 16× what the default 4096-token cap lets a model write and more
     * than a 64 K-token cap; longer text comes from a broken or hostile server and would end up in the database.
     */
    static final int MAX_ANSWER_CHARS = 256 * 1024;

    private final ObjectReader syntax;
    private final ObjectReader reader;

    public AnswerReader(ObjectMapper mapper) {
        this.syntax = mapper.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        this.reader = mapper.readerFor(RawFields.class)
                .with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .with(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
    }

    /**
     * @param answer   the model's text
     * @param answers  every raw answer of this extraction so far (kept on the exception for the dead letter)
     */
    public RawFields read(String answer, List<String> answers) {
        if (answer == null || answer.isBlank()) {
            throw new LedgerlensException(FailureReason.MODEL_EMPTY_ANSWER, "the model answered with no text",
                    null, List.of(), answers);
        }
        if (answer.length() > MAX_ANSWER_CHARS) {
            // A misbehaving server, not a model at its token cap: refuse before parsing, and keep only a preview in
            // the dead letter rather than megabytes of it.
            throw new LedgerlensException(FailureReason.MODEL_SCHEMA_MISMATCH, "the model's answer has "
                    + answer.length() + " characters, more than any receipt or invoice needs (" + MAX_ANSWER_CHARS
                    + "): " + preview(answer), null, List.of(), answers.stream().map(AnswerReader::bounded).toList());
        }
        String json = answer;
        Matcher fence = FENCE.matcher(answer);
        if (fence.matches()) {
            json = fence.group(1);
        }
        if (!json.stripLeading().startsWith("{")) {
            throw new LedgerlensException(json.stripLeading().startsWith("[")
                    ? FailureReason.MODEL_SCHEMA_MISMATCH : FailureReason.MODEL_MALFORMED_JSON,
                    "the model's answer is not a JSON object: " + preview(json), null, List.of(), answers);
        }
        JsonNode tree;
        try {
            // Syntax first, shape second: a cut-off string must read as malformed, not as a wrong shape.
            tree = syntax.readTree(json);
        } catch (JsonProcessingException e) {
            throw new LedgerlensException(FailureReason.MODEL_MALFORMED_JSON,
                    "the model's answer is not valid JSON (" + e.getOriginalMessage() + "): " + preview(json),
                    e, List.of(), answers);
        }
        try {
            return reader.readValue(tree);
        } catch (IOException e) {
            throw new LedgerlensException(FailureReason.MODEL_SCHEMA_MISMATCH,
                    "the model's answer does not have the schema's shape (" + e.getMessage().lines().findFirst().orElse("") + ")",
                    e, List.of(), answers);
        }
    }

    private static String bounded(String answer) {
        return answer == null || answer.length() <= MAX_ANSWER_CHARS ? answer
                : answer.substring(0, 1000) + "… (" + answer.length() + " characters, cut)";
    }

    private static String preview(String text) {
        String oneLine = text.replaceAll("\\s+", " ").strip();
        return oneLine.length() <= 120 ? oneLine : oneLine.substring(0, 120) + "…";
    }
}
