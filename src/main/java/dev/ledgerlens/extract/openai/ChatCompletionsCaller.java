package dev.ledgerlens.extract.openai;

import com.openai.client.OpenAIClient;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.openai.core.ObjectMappers;
import com.openai.core.http.HttpResponseFor;
import com.openai.errors.OpenAIInvalidDataException;
import com.openai.models.ResponseFormatJsonSchema;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionContentPart;
import com.openai.models.chat.completions.ChatCompletionContentPartImage;
import com.openai.models.chat.completions.ChatCompletionContentPartText;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionMessage;
import com.openai.models.completions.CompletionUsage;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code POST /chat/completions}: a system message, one user message with the prompt and one
 * {@code image_url} part per page, {@code response_format} json_schema with {@code strict: true}.
 * The re-ask appends the model's answer and a user message to the same conversation. Thread-safe.
 */
final class ChatCompletionsCaller implements ModelCaller {
    private final OpenAIClient client;
    private final OpenAiSettings settings;
    private final ResponseFormatJsonSchema responseFormat;

    ChatCompletionsCaller(OpenAIClient client, OpenAiSettings settings, ExtractionSchema schema) {
        this.client = client;
        this.settings = settings;
        this.responseFormat = ResponseFormatJsonSchema.builder()
                .jsonSchema(ResponseFormatJsonSchema.JsonSchema.builder()
                        .name(schema.name())
                        .strict(true)
                        .schema(ResponseFormatJsonSchema.JsonSchema.Schema.builder()
                                .putAllAdditionalProperties(ModelCaller.schemaProperties(schema.schema()))
                                .build())
                        .build())
                .build();
    }

    private ChatCompletionCreateParams params(Conversation conversation, String documentId) {
        ChatCompletionContentPartImage.ImageUrl.Detail detail =
                ChatCompletionContentPartImage.ImageUrl.Detail.of(settings.detail().name().toLowerCase(Locale.ROOT));
        List<ChatCompletionContentPart> parts = new ArrayList<>();
        parts.add(ChatCompletionContentPart.ofText(ChatCompletionContentPartText.builder().text(conversation.userText()).build()));
        for (String image : conversation.images()) {
            parts.add(ChatCompletionContentPart.ofImageUrl(ChatCompletionContentPartImage.builder()
                    .imageUrl(ChatCompletionContentPartImage.ImageUrl.builder().url(image).detail(detail).build())
                    .build()));
        }
        ChatCompletionCreateParams.Builder params = ChatCompletionCreateParams.builder()
                .model(settings.model())
                .addSystemMessage(conversation.system())
                .addUserMessageOfArrayOfContentParts(parts)
                .responseFormat(responseFormat)
                .maxCompletionTokens(settings.maxOutputTokens())
                .putAdditionalHeader(DOCUMENT_HEADER, documentId);
        for (Conversation.Turn turn : conversation.turns()) {
            params.addAssistantMessage(turn.answer()).addUserMessage(turn.followUp());
        }
        return params.build();
    }

    @Override
    public void warmUp() throws Exception {
        JsonMapper json = ObjectMappers.jsonMapper();
        json.writeValueAsString(params(ModelCaller.WARM_UP, "warm-up")._body());
        ChatCompletion completion = json.readValue(SAMPLE_ANSWER, ChatCompletion.class);
        completion.choices().get(0).message().content();
        completion.usage().ifPresent(CompletionUsage::promptTokensDetails);
    }

    private static final String SAMPLE_ANSWER = """
            {"id": "warm-up", "object": "chat.completion", "created": 0, "model": "m",
             "choices": [{"index": 0, "finish_reason": "stop", "logprobs": null,
                          "message": {"role": "assistant", "content": "{}", "refusal": null}}],
             "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2,
                       "prompt_tokens_details": {"cached_tokens": 0}}}
            """;

    @Override
    public ModelReply call(Conversation conversation, String documentId) {
        ChatCompletionCreateParams params = params(conversation, documentId);
        try (HttpResponseFor<ChatCompletion> response = client.chat().completions().withRawResponse().create(params)) {
            ChatCompletion completion = response.parse();
            return reply(completion, ModelCaller.requestId(response, completion.id()));
        }
    }

    @Override
    public String endpoint() {
        return "/v1/chat/completions";
    }

    @Override
    public JsonNode body(Conversation conversation) {
        return ObjectMappers.jsonMapper().valueToTree(params(conversation, "batch")._body());
    }

    @Override
    public ModelReply read(JsonNode responseBody, String requestId) {
        ChatCompletion completion;
        try {
            completion = ObjectMappers.jsonMapper().treeToValue(responseBody, ChatCompletion.class);
        } catch (JsonProcessingException e) {
            throw new OpenAIInvalidDataException("not a chat completion: " + e.getOriginalMessage(), e);
        }
        return reply(completion, requestId != null ? requestId : completion.id());
    }

    private static ModelReply reply(ChatCompletion completion, String requestId) {
        long prompt = 0;
        long cached = 0;
        long completionTokens = 0;
        if (completion.usage().isPresent()) {
            CompletionUsage usage = completion.usage().get();
            prompt = usage.promptTokens();
            completionTokens = usage.completionTokens();
            cached = usage.promptTokensDetails().flatMap(CompletionUsage.PromptTokensDetails::cachedTokens).orElse(0L);
        }
        if (completion.choices().isEmpty()) {
            return new ModelReply(null, null, false, false, prompt, cached, completionTokens, requestId);
        }
        ChatCompletion.Choice choice = completion.choices().get(0);
        ChatCompletionMessage message = choice.message();
        String finish = choice.finishReason().asString();
        return new ModelReply(message.content().orElse(null), message.refusal().orElse(null),
                "length".equals(finish), "content_filter".equals(finish),
                prompt, cached, completionTokens, requestId);
    }
}
