package dev.ledgerlens.extract.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ledgerlens.failure.FailureReason;
import dev.ledgerlens.failure.LedgerlensException;

import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * The JSON Schema sent as the structured-output format, read from {@code config/schemas/} on the
 * classpath and cleaned of keywords OpenAI's strict mode rejects or that only document the file.
 * The invoice schema is sent for every document: it is the receipt schema plus the invoice fields and
 * {@code document_type}, so one request shape covers both and the model says which it saw.
 * Immutable and thread-safe (the tree is copied on every read).
 */
public final class ExtractionSchema {
    /** Keywords that strict mode does not accept, or that are metadata for humans and tools. */
    private static final Set<String> STRIPPED = Set.of("$schema", "$id", "$comment", "title", "default", "examples",
            "minLength", "maxLength", "minItems", "maxItems", "uniqueItems", "patternProperties", "minProperties",
            "maxProperties");

    private final String name;
    private final ObjectNode schema;

    ExtractionSchema(String name, ObjectNode schema) {
        this.name = name;
        this.schema = schema;
    }

    /** {@code config/schemas/invoice.schema.json}; CONFIGURATION_INVALID (FATAL) when missing or not JSON. */
    public static ExtractionSchema load(ObjectMapper mapper) {
        return load(mapper, "invoice");
    }

    public static ExtractionSchema load(ObjectMapper mapper, String kind) {
        String resource = "config/schemas/" + kind + ".schema.json";
        try (InputStream in = ExtractionSchema.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new LedgerlensException(FailureReason.CONFIGURATION_INVALID,
                        resource + " is missing from the classpath; rebuild with 'mvn package'");
            }
            JsonNode tree = mapper.readTree(in);
            if (!(tree instanceof ObjectNode object)) {
                throw new LedgerlensException(FailureReason.CONFIGURATION_INVALID, resource + " is not a JSON object");
            }
            strip(object);
            return new ExtractionSchema(kind, object);
        } catch (IOException e) {
            throw new LedgerlensException(FailureReason.CONFIGURATION_INVALID, "cannot read " + resource + ": " + e.getMessage(), e);
        }
    }

    /** The schema's name as sent ({@code name} of the json_schema format). */
    public String name() {
        return name;
    }

    /** A copy of the cleaned schema. */
    public ObjectNode schema() {
        return schema.deepCopy();
    }

    /** Removes stripped keywords from schema objects only, so a property that happens to be called "title" survives. */
    private static void strip(ObjectNode node) {
        node.remove(STRIPPED);
        JsonNode properties = node.get("properties");
        if (properties instanceof ObjectNode props) {
            for (Iterator<Map.Entry<String, JsonNode>> it = props.fields(); it.hasNext(); ) {
                if (it.next().getValue() instanceof ObjectNode child) {
                    strip(child);
                }
            }
        }
        for (String key : new String[] {"items", "additionalProperties", "not"}) {
            if (node.get(key) instanceof ObjectNode child) {
                strip(child);
            }
        }
        for (String key : new String[] {"anyOf", "allOf", "oneOf"}) {
            JsonNode list = node.get(key);
            if (list != null && list.isArray()) {
                list.forEach(child -> {
                    if (child instanceof ObjectNode object) {
                        strip(object);
                    }
                });
            }
        }
        for (String key : new String[] {"$defs", "definitions"}) {
            if (node.get(key) instanceof ObjectNode defs) {
                defs.forEach(child -> {
                    if (child instanceof ObjectNode object) {
                        strip(object);
                    }
                });
            }
        }
    }
}
