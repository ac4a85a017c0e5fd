package dev.ledgerlens.export;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ledgerlens.store.StoredDocument;
import dev.ledgerlens.validate.ReviewReason;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON Lines: one object per document and line, UTF-8, "\n" line ends. Decimals are JSON strings of the exact
 * stored value so they round-trip (parse with {@code new BigDecimal(text)}); dates and times ISO-8601. {@code fields}
 * holds the values with reviewers' corrections applied; {@code original_fields} (null when nothing was corrected) what
 * the engine read, and {@code corrections} each change in the order it was made.
 * Immutable and thread-safe.
 */
public final class JsonlExporter implements Exporter {
    private final ObjectMapper json = new ObjectMapper();
    private final RecordJson records = new RecordJson();

    @Override
    public ExportFormat format() {
        return ExportFormat.JSONL;
    }

    @Override
    public Rendered render(List<StoredDocument> documents, Path target) {
        StringBuilder text = new StringBuilder();
        for (StoredDocument document : documents) {
            try {
                text.append(line(document)).append('\n');
            } catch (IOException e) {
                throw new UncheckedIOException(e.getMessage(), e);
            }
        }
        return new Rendered(List.of(new ExportFile(target, "", documents, text.toString().getBytes(StandardCharsets.UTF_8))),
                List.of());
    }

    /** One document as one line of JSON, without the line end. */
    public String line(StoredDocument document) throws IOException {
        Map<String, Object> object = new LinkedHashMap<>();
        object.put("id", document.id());
        object.put("file_name", document.fileName());
        object.put("sha256", document.sha256());
        object.put("source_uri", document.sourceUri());
        object.put("status", document.status().label());
        object.put("received_at", document.receivedAt() == null ? null : document.receivedAt().toString());
        object.put("duplicate_of", document.duplicateOf());
        List<Map<String, String>> reasons = new ArrayList<>();
        for (ReviewReason reason : document.reasons()) {
            Map<String, String> entry = new LinkedHashMap<>();
            entry.put("rule", reason.rule());
            entry.put("message", reason.message());
            reasons.add(entry);
        }
        object.put("review_reasons", reasons);
        object.put("fields", records.fields(document.record()));
        // what the engine read, and each reviewer's correction of it: the fields above are the corrected ones
        object.put("original_fields", document.corrections().isEmpty() ? null : records.fields(document.original()));
        object.put("corrections", records.corrections(document.corrections()));
        try {
            return json.writeValueAsString(object);
        } catch (JsonProcessingException e) {
            throw new IOException("cannot write document " + document.id() + " as JSON: " + e.getOriginalMessage(), e);
        }
    }
}
