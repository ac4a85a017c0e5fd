package dev.ledgerlens.extract.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.AnnotationKeyword;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.ledgerlens.extract.Extraction;
import dev.ledgerlens.failure.Violation;
import dev.ledgerlens.testing.FakeOpenAiServer;
import dev.ledgerlens.testing.FakeOpenAiServer.Reply;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Every request body the engine sends validates against OpenAI's published OpenAPI description
 * ({@code ../shared/openai/openapi.yaml}, never copied into the repository), after the two rewrites its
 * README prescribes: {@code oneOf} → {@code anyOf}, and {@code nullable: true} → a type union.
 * Top-level fields unknown to the description are checked separately (the description allows them).
 * The Batch API's lines carry the same bodies; its create body is checked against {@code CreateBatchRequest}.
 */
class OpenAiRequestContractTest {
    private static final Path OPENAPI = Path.of("../shared/openai/openapi.yaml");
    private static ObjectNode openapi;

    @TempDir
    Path dir;

    @BeforeAll
    static void loadDescription() throws IOException {
        assumeTrue(Files.isRegularFile(OPENAPI),
                "skipped: OpenAI's OpenAPI description is not at " + OPENAPI.toAbsolutePath().normalize()
                        + " (the shared folder is absent); the request-contract test needs it");
        JsonNode tree = new ObjectMapper(new YAMLFactory()).readTree(OPENAPI.toFile());
        openapi = (ObjectNode) rewrite(tree);
    }

    @ParameterizedTest
    @EnumSource(OpenAiSettings.Api.class)
    void everyRequestBodyMatchesOpenAisDescription(OpenAiSettings.Api api) {
        String component = api == OpenAiSettings.Api.CHAT ? "CreateChatCompletionRequest" : "CreateResponse";
        List<JsonNode> bodies = new ArrayList<>();
        try (FakeOpenAiServer server = FakeOpenAiServer.start()) {
            server.otherwise(Reply.json(TestDocuments.fields("ACME", null, "Coffee")));
            for (OpenAiSettings.Detail detail : OpenAiSettings.Detail.values()) {
                OpenAiSettings settings = TestDocuments.settings(server.baseUrl(), Map.of(
                        "LEDGERLENS_OPENAI_API", api.name(), "LEDGERLENS_OPENAI_DETAIL", detail.name()));
                try (OpenAiExtractor extractor = new OpenAiExtractor(settings, RunBudget.unlimited(), RequestLimiter.unlimited())) {
                    Extraction first = extractor.extract(TestDocuments.document(dir, "contract-" + detail, 2));
                    extractor.reask(first, List.of(new Violation("total", "must not be null")));
                }
            }
            server.requests().forEach(request -> bodies.add(request.body()));
        }
        assertThat(bodies).hasSize(6);

        JsonSchema schema = schemaFor(component);
        Set<String> known = propertyNames(component);
        for (JsonNode body : bodies) {
            Set<ValidationMessage> errors = schema.validate(body);
            assertThat(errors).as("%s body against %s", api, component).isEmpty();
            Set<String> unknown = new LinkedHashSet<>();
            body.fieldNames().forEachRemaining(name -> {
                if (!known.contains(name)) {
                    unknown.add(name);
                }
            });
            assertThat(unknown).as("top-level fields %s does not describe", component).isEmpty();
        }
    }

    /**
     * Batch API: every line of an input file (a first request and a re-ask) carries a body of the endpoint's request
     * component, the batch create body is a {@code CreateBatchRequest}, and the file is uploaded with a purpose the
     * {@code CreateFileRequest} allows.
     */
    @ParameterizedTest
    @EnumSource(OpenAiSettings.Api.class)
    void everyBatchLineAndTheBatchCreateBodyMatchOpenAisDescription(OpenAiSettings.Api api) {
        String component = api == OpenAiSettings.Api.CHAT ? "CreateChatCompletionRequest" : "CreateResponse";
        List<JsonNode> lines;
        JsonNode create;
        String uploadBody;
        String endpoint;
        try (FakeOpenAiServer server = FakeOpenAiServer.start()) {
            OpenAiSettings settings = TestDocuments.settings(server.baseUrl(), Map.of("LEDGERLENS_OPENAI_API", api.name()));
            try (OpenAiExtractor extractor = new OpenAiExtractor(settings, RunBudget.unlimited(), RequestLimiter.unlimited())) {
                endpoint = extractor.batchEndpoint();
                var document = TestDocuments.document(dir, "batch-contract", 2);
                Path file = dir.resolve("batch-contract.jsonl");
                BatchInputFile input = BatchInputFile.create(file);
                input.append(extractor.batchLine(document, "ledgerlens-1-1"));
                input.append(extractor.batchReaskLine(document, TestDocuments.fields("ACME", null, "Coffee"),
                        List.of(new Violation("total", "must not be null")), "ledgerlens-1-2"));
                input.seal();
                OpenAiBatches batches = extractor.batches();
                String fileId = batches.upload(file);
                batches.create(fileId, endpoint, Map.of("ledgerlens_batch", "1"));
                lines = server.batches().file(fileId).lines();
            }
            create = server.requests().stream().filter(r -> r.method().equals("POST") && r.path().endsWith("/batches"))
                    .findFirst().orElseThrow().body();
            uploadBody = server.requests().stream().filter(r -> r.method().equals("POST") && r.path().endsWith("/files"))
                    .findFirst().orElseThrow().rawBody();
        }
        assertThat(lines).hasSize(2);
        JsonSchema schema = schemaFor(component);
        Set<String> known = propertyNames(component);
        for (JsonNode line : lines) {
            Set<String> envelope = new LinkedHashSet<>();
            line.fieldNames().forEachRemaining(envelope::add);
            assertThat(envelope).containsExactlyInAnyOrder("custom_id", "method", "url", "body");
            assertThat(line.path("method").asText()).isEqualTo("POST");
            assertThat(line.path("url").asText()).isEqualTo(endpoint);
            JsonNode body = line.path("body");
            assertThat(schema.validate(body)).as("%s batch line body against %s", api, component).isEmpty();
            Set<String> unknown = new LinkedHashSet<>();
            body.fieldNames().forEachRemaining(name -> {
                if (!known.contains(name)) {
                    unknown.add(name);
                }
            });
            assertThat(unknown).as("top-level fields %s does not describe", component).isEmpty();
        }
        assertThat(lines.get(1).toString()).as("the re-ask line carries the first answer back").contains("ACME");

        assertThat(schemaFor("CreateBatchRequest").validate(create)).as("batch create body").isEmpty();
        Set<String> createFields = new LinkedHashSet<>();
        create.fieldNames().forEachRemaining(createFields::add);
        assertThat(propertyNames("CreateBatchRequest")).containsAll(createFields);
        assertThat(create.path("completion_window").asText()).isEqualTo("24h");
        assertThat(create.path("endpoint").asText()).isEqualTo(endpoint);

        List<String> purposes = new ArrayList<>();
        openapi.path("components").path("schemas").path("CreateFileRequest").path("properties").path("purpose")
                .path("enum").forEach(value -> purposes.add(value.asText()));
        assertThat(purposes).contains("batch");
        assertThat(uploadBody).as("the upload's purpose field").matches("(?s).*name=\"purpose\".*?\r\n\r\nbatch\r\n.*");
        assertThat(schemaFor("CreateBatchRequest").validate(((ObjectNode) create.deepCopy()).put("completion_window", "48h")))
                .as("the check would see a wrong window").isNotEmpty();
    }

    @ParameterizedTest
    @EnumSource(OpenAiSettings.Api.class)
    void theContractCheckRejectsABrokenBody(OpenAiSettings.Api api) {
        String component = api == OpenAiSettings.Api.CHAT ? "CreateChatCompletionRequest" : "CreateResponse";
        ObjectNode broken = JsonNodeFactory.instance.objectNode();
        broken.put("model", "gpt-4.1-mini");
        if (api == OpenAiSettings.Api.CHAT) {
            broken.putArray("messages").addObject().put("role", "user").put("content", 42);
        } else {
            broken.put("input", 42);
        }
        assertThat(schemaFor(component).validate(broken)).isNotEmpty();

        // Deep enough to see a wrong image detail inside a content part, not just the top level.
        ObjectNode badDetail = JsonNodeFactory.instance.objectNode();
        badDetail.put("model", "gpt-4.1-mini");
        ObjectNode message = (api == OpenAiSettings.Api.CHAT ? badDetail.putArray("messages") : badDetail.putArray("input"))
                .addObject().put("role", "user");
        ObjectNode part = message.putArray("content").addObject();
        if (api == OpenAiSettings.Api.CHAT) {
            part.put("type", "image_url").putObject("image_url").put("url", "data:image/png;base64,AA").put("detail", "ultra");
        } else {
            part.put("type", "input_image").put("image_url", "data:image/png;base64,AA").put("detail", "ultra");
        }
        assertThat(schemaFor(component).validate(badDetail)).isNotEmpty();
    }

    private static JsonSchema schemaFor(String component) {
        ObjectNode root = openapi.deepCopy();
        root.put("$ref", "#/components/schemas/" + component);
        // OpenAPI's own keywords (discriminator, example, x-oai*) are annotations here, not warnings.
        JsonMetaSchema metaSchema = JsonMetaSchema.builder(JsonMetaSchema.getV202012())
                .unknownKeywordFactory((keyword, context) -> new AnnotationKeyword(keyword))
                .build();
        return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
                builder -> builder.metaSchema(metaSchema).defaultMetaSchemaIri(metaSchema.getIri())).getSchema(root);
    }

    /** The properties a component declares, through allOf and $ref. */
    private static Set<String> propertyNames(String component) {
        Set<String> names = new LinkedHashSet<>();
        collect(openapi.path("components").path("schemas").path(component), names, 0);
        return names;
    }

    private static void collect(JsonNode node, Set<String> names, int depth) {
        if (depth > 10 || node == null || node.isMissingNode()) {
            return;
        }
        if (node.has("$ref")) {
            String ref = node.get("$ref").asText();
            collect(openapi.path("components").path("schemas").path(ref.substring(ref.lastIndexOf('/') + 1)), names, depth + 1);
        }
        node.path("properties").fieldNames().forEachRemaining(names::add);
        for (String key : new String[] {"allOf", "anyOf"}) {
            node.path(key).forEach(child -> collect(child, names, depth + 1));
        }
    }

    /** oneOf → anyOf (overlapping branches meant for a discriminator); nullable: true → a union with null. */
    private static JsonNode rewrite(JsonNode node) {
        if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                array.set(i, rewrite(array.get(i)));
            }
            return array;
        }
        if (!(node instanceof ObjectNode object)) {
            return node;
        }
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        for (String name : names) {
            object.set(name, rewrite(object.get(name)));
        }
        if (object.has("oneOf")) {
            object.set("anyOf", object.remove("oneOf"));
        }
        if (object.path("nullable").asBoolean(false)) {
            object.remove("nullable");
            JsonNode type = object.get("type");
            if (type != null && type.isTextual()) {
                ArrayNode union = object.putArray("type");
                union.add(type.asText()).add("null");
                if (object.get("enum") instanceof ArrayNode values) {
                    values.addNull();
                }
            } else if (type instanceof ArrayNode union) {
                union.add("null");
            } else {
                ObjectNode original = object.deepCopy();
                object.removeAll();
                ArrayNode anyOf = object.putArray("anyOf");
                anyOf.add(original);
                anyOf.addObject().put("type", "null");
            }
        }
        return object;
    }
}
