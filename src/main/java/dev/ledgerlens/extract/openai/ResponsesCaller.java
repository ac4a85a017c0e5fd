package dev.ledgerlens.extract.openai;

import com.openai.client.OpenAIClient;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.openai.core.ObjectMappers;
import com.openai.core.http.HttpResponseFor;
import com.openai.errors.OpenAIInvalidDataException;
import com.openai.models.responses.EasyInputMessage;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseFormatTextJsonSchemaConfig;
import com.openai.models.responses.ResponseInputContent;
import com.openai.models.responses.ResponseInputImage;
import com.openai.models.responses.ResponseInputItem;
import com.openai.models.responses.ResponseInputText;
import com.openai.models.responses.ResponseOutputItem;
import com.openai.models.responses.ResponseOutputMessage;
import com.openai.models.responses.ResponseStatus;
import com.openai.models.responses.ResponseTextConfig;
import com.openai.models.responses.ResponseUsage;

import dev.ledgerlens.failure.FailureReason;
import dev.ledgerlens.failure.LedgerlensException;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code POST /responses}: {@code instructions}, one user message of {@code input_text} and one
 * {@code input_image} per page (data URL, {@code detail} always sent), {@code text.format} json_schema
 * strict, {@code store: false} (documents are not kept at OpenAI, so the re-ask resends the conversation
 * instead of pointing at a previous response). Thread-safe.
 */
final class ResponsesCaller implements ModelCaller {
    private final OpenAIClient client;
    private final OpenAiSettings settings;
    private final ResponseTextConfig textConfig;

    ResponsesCaller(OpenAIClient client, OpenAiSettings settings, ExtractionSchema schema) {
        this.client = client;
        this.settings = settings;
        this.textConfig = ResponseTextConfig.builder()
                .format(ResponseFormatTextJsonSchemaConfig.builder()
                        .name(schema.name())
                        .strict(true)
                        .schema(ResponseFormatTextJsonSchemaConfig.Schema.builder()
                                .putAllAdditionalProperties(ModelCaller.schemaProperties(schema.schema()))
                                .build())
                        .build())
                .build();
    }

    private ResponseCreateParams params(Conversation conversation, String documentId) {
        ResponseInputImage.Detail detail = ResponseInputImage.Detail.of(settings.detail().name().toLowerCase(Locale.ROOT));
        List<ResponseInputContent> content = new ArrayList<>();
        content.add(ResponseInputContent.ofInputText(ResponseInputText.builder().text(conversation.userText()).build()));
        for (String image : conversation.images()) {
            content.add(ResponseInputContent.ofInputImage(ResponseInputImage.builder().imageUrl(image).detail(detail).build()));
        }
        List<ResponseInputItem> input = new ArrayList<>();
        input.add(ResponseInputItem.ofEasyInputMessage(EasyInputMessage.builder()
                .role(EasyInputMessage.Role.USER).contentOfResponseInputMessageContentList(content).build()));
        for (Conversation.Turn turn : conversation.turns()) {
            input.add(ResponseInputItem.ofEasyInputMessage(EasyInputMessage.builder()
                    .role(EasyInputMessage.Role.ASSISTANT).content(turn.answer()).build()));
            input.add(ResponseInputItem.ofEasyInputMessage(EasyInputMessage.builder()
                    .role(EasyInputMessage.Role.USER).content(turn.followUp()).build()));
        }
        return ResponseCreateParams.builder()
                .model(settings.model())
                .instructions(conversation.system())
                .input(ResponseCreateParams.Input.ofResponse(input))
                .text(textConfig)
                .store(false)
                .maxOutputTokens(settings.maxOutputTokens())
                .putAdditionalHeader(DOCUMENT_HEADER, documentId)
                .build();
    }

    @Override
    public void warmUp() throws Exception {
        JsonMapper json = ObjectMappers.jsonMapper();
        json.writeValueAsString(params(ModelCaller.WARM_UP, "warm-up")._body());
        Response response = json.readValue(SAMPLE_ANSWER, Response.class);
        response.output().forEach(item -> item.message().ifPresent(ResponseOutputMessage::content));
        response.usage().ifPresent(ResponseUsage::inputTokensDetails);
    }

    private static final String SAMPLE_ANSWER = """
            {"id": "warm-up", "object": "response", "created_at": 0, "model": "m", "status": "completed",
             "output": [{"type": "message", "id": "msg", "role": "assistant", "status": "completed",
                         "content": [{"type": "output_text", "text": "{}", "annotations": []}]}],
             "usage": {"input_tokens": 1, "output_tokens": 1, "total_tokens": 2,
                       "input_tokens_details": {"cached_tokens": 0}, "output_tokens_details": {"reasoning_tokens": 0}}}
            """;

    @Override
    public ModelReply call(Conversation conversation, String documentId) {
        ResponseCreateParams params = params(conversation, documentId);
        try (HttpResponseFor<Response> raw = client.responses().withRawResponse().create(params)) {
            Response response = raw.parse();
            return reply(response, ModelCaller.requestId(raw, response.id()));
        }
    }

    @Override
    public String endpoint() {
        return "/v1/responses";
    }

    @Override
    public JsonNode body(Conversation conversation) {
        return ObjectMappers.jsonMapper().valueToTree(params(conversation, "batch")._body());
    }

    @Override
    public ModelReply read(JsonNode responseBody, String requestId) {
        Response response;
        try {
            response = ObjectMappers.jsonMapper().treeToValue(responseBody, Response.class);
        } catch (JsonProcessingException e) {
            throw new OpenAIInvalidDataException("not a response: " + e.getOriginalMessage(), e);
        }
        return reply(response, requestId != null ? requestId : response.id());
    }

    private static ModelReply reply(Response response, String requestId) {
        if (response.status().map(ResponseStatus.FAILED::equals).orElse(false)) {
            String code = response.error().map(error -> error.code().asString()).orElse("unknown");
            throw new LedgerlensException(FailureReason.MODEL_UNAVAILABLE,
                    "the model's response failed on the server (" + code + ", response " + response.id() + ")");
        }
        long prompt = 0;
        long cached = 0;
        long output = 0;
        if (response.usage().isPresent()) {
            ResponseUsage usage = response.usage().get();
            prompt = usage.inputTokens();
            output = usage.outputTokens();
            cached = usage.inputTokensDetails().cachedTokens();
        }
        StringBuilder text = new StringBuilder();
        String refusal = null;
        for (ResponseOutputItem item : response.output()) {
            if (item.message().isEmpty()) {
                continue; // reasoning items and the like carry no answer
            }
            for (ResponseOutputMessage.Content part : item.message().get().content()) {
                if (part.outputText().isPresent()) {
                    text.append(part.outputText().get().text());
                } else if (part.refusal().isPresent()) {
                    refusal = part.refusal().get().refusal();
                }
            }
        }
        boolean incomplete = response.status().map(ResponseStatus.INCOMPLETE::equals).orElse(false);
        boolean filtered = incomplete && response.incompleteDetails()
                .flatMap(Response.IncompleteDetails::reason)
                .map(reason -> "content_filter".equals(reason.asString())).orElse(false);
        return new ModelReply(text.length() == 0 ? null : text.toString(), refusal, incomplete && !filtered, filtered,
                prompt, cached, output, requestId);
    }
}
