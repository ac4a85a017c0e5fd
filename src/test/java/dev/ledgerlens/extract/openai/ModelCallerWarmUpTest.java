package dev.ledgerlens.extract.openai;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import dev.ledgerlens.config.ConfigSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThatCode;

/** The warm-up binds the SDK's request and answer classes without a server: it must not fail on either API. */
class ModelCallerWarmUpTest {
    private final OpenAIClient client = OpenAIOkHttpClient.builder().apiKey("sk-warm-up").baseUrl("http://127.0.0.1:9").build();

    @AfterEach
    void close() {
        client.close();
    }

    @Test
    void chatCompletionsWarmsUpWithoutSending() {
        ModelCaller caller = new ChatCompletionsCaller(client, settings("chat"), ExtractionSchema.load(new ObjectMapper()));
        assertThatCode(caller::warmUp).doesNotThrowAnyException();
    }

    @Test
    void responsesWarmsUpWithoutSending() {
        ModelCaller caller = new ResponsesCaller(client, settings("responses"), ExtractionSchema.load(new ObjectMapper()));
        assertThatCode(caller::warmUp).doesNotThrowAnyException();
    }

    private static OpenAiSettings settings(String api) {
        return OpenAiSettings.from(ConfigSource.load(null, Map.of("OPENAI_API_KEY", "sk-warm-up", "LEDGERLENS_OPENAI_API", api)));
    }
}
