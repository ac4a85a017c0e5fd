package dev.ledgerlens.extract.openai;

import dev.ledgerlens.config.ConfigSource;
import dev.ledgerlens.failure.FailureReason;
import dev.ledgerlens.failure.LedgerlensException;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class OpenAiSettingsTest {
    private static final String KEY = "sk-proj-abcdefSECRET";

    private static OpenAiSettings settings(String... keyValues) {
        Map<String, String> env = new HashMap<>();
        env.put("OPENAI_API_KEY", KEY);
        for (int i = 0; i < keyValues.length; i += 2) {
            env.put(keyValues[i], keyValues[i + 1]);
        }
        return OpenAiSettings.from(new ConfigSource(new Properties(), env));
    }

    @Test
    void theShippedDefaultsAreTheDocumentedOnes() {
        OpenAiSettings settings = OpenAiSettings.from(ConfigSource.load(null, Map.of("OPENAI_API_KEY", KEY)));

        assertThat(settings.api()).isEqualTo(OpenAiSettings.Api.CHAT);
        assertThat(settings.engineName()).isEqualTo("openai-chat");
        assertThat(settings.model()).isEqualTo("gpt-4.1-mini");
        assertThat(settings.baseUrl()).isEmpty();
        assertThat(settings.detail()).isEqualTo(OpenAiSettings.Detail.HIGH);
        assertThat(settings.maxPagesPerRequest()).isEqualTo(20);
        assertThat(settings.pageOverflow()).isEqualTo(OpenAiSettings.PageOverflow.SPLIT);
        assertThat(settings.timeout()).isEqualTo(Duration.ofSeconds(120));
        assertThat(settings.maxCostUsd()).isNull();
        assertThat(settings.maxTokens()).isZero();
    }

    @Test
    void environmentOverridesEveryKey() {
        OpenAiSettings settings = settings("LEDGERLENS_OPENAI_API", "responses", "LEDGERLENS_MODEL", "gpt-4.1",
                "OPENAI_BASE_URL", "http://localhost:11434/v1", "LEDGERLENS_MAX_COST_USD", "2.50",
                "LEDGERLENS_OPENAI_PAGE_OVERFLOW", "reject", "LEDGERLENS_OPENAI_PRICE_GPT_4_1", "1,0.25,4");

        assertThat(settings.engineName()).isEqualTo("openai-responses");
        assertThat(settings.baseUrl()).contains("http://localhost:11434/v1");
        assertThat(settings.maxCostUsd()).isEqualByComparingTo("2.50");
        assertThat(settings.pageOverflow()).isEqualTo(OpenAiSettings.PageOverflow.REJECT);
        assertThat(settings.prices().priceFor("gpt-4.1").orElseThrow().cost(1_000_000, 0, 0)).isEqualByComparingTo("1");
    }

    @Test
    void badValuesNameTheKeyToFix() {
        assertThat(failure("LEDGERLENS_OPENAI_MAX_PAGES_PER_REQUEST", "501").getMessage())
                .contains("ledgerlens.openai.max-pages-per-request").contains("LEDGERLENS_OPENAI_MAX_PAGES_PER_REQUEST");
        assertThat(failure("LEDGERLENS_OPENAI_DETAIL", "ultra").getMessage()).contains("low, high, auto");
        assertThat(failure("OPENAI_BASE_URL", "localhost:8000").getMessage()).contains("http(s) URL");
        assertThat(failure("LEDGERLENS_MODEL", "my-local-model", "LEDGERLENS_MAX_COST_USD", "1").getMessage())
                .contains("ledgerlens.openai.price.my-local-model");
    }

    @Test
    void aMissingKeyIsAFatalConfigurationError() {
        LedgerlensException failure = catchThrowableOfType(LedgerlensException.class,
                () -> OpenAiSettings.from(new ConfigSource(new Properties(), Map.of())));
        assertThat(failure.reason()).isEqualTo(FailureReason.CONFIGURATION_INVALID);
        assertThat(failure.getMessage()).contains("OPENAI_API_KEY");
    }

    @Test
    void theKeyIsNeverPrinted() {
        assertThat(settings().toString()).doesNotContain(KEY).contains("apiKey=***");
    }

    @Test
    void pricesFollowTheModelFamily() {
        PriceTable prices = PriceTable.listPrices();
        assertThat(prices.priceFor("gpt-4.1-mini-2025-04-14").orElseThrow().input()).isEqualByComparingTo("0.40");
        assertThat(prices.priceFor("gpt-4.1-2025-04-14").orElseThrow().input()).isEqualByComparingTo("2.00");
        assertThat(prices.priceFor("llava")).isEmpty();
        assertThat(prices.priceFor("gpt-4o").orElseThrow().cost(1000, 0, 1000)).isEqualByComparingTo(new BigDecimal("0.0125"));
    }

    private static LedgerlensException failure(String... keyValues) {
        LedgerlensException failure = catchThrowableOfType(LedgerlensException.class, () -> settings(keyValues));
        assertThat(failure).isNotNull();
        assertThat(failure.reason()).isEqualTo(FailureReason.CONFIGURATION_INVALID);
        return failure;
    }
}
