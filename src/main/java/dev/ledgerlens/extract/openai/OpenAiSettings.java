package dev.ledgerlens.extract.openai;

import dev.ledgerlens.config.ConfigSource;
import dev.ledgerlens.failure.FailureReason;
import dev.ledgerlens.failure.LedgerlensException;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * Settings of the OpenAI engine, checked when built so that a bad value stops the run at start-up
 * with a message naming the key to fix. Immutable and thread-safe.
 * The API key is held here but never printed: {@link #toString()} masks it.
 *
 * @param api                 which endpoint: Chat Completions or Responses
 * @param model               the model name sent with each request
 * @param baseUrl             the API root ({@code https://api.openai.com/v1} or a compatible server's); empty = OpenAI
 * @param apiKey              the secret key (environment {@code OPENAI_API_KEY} only)
 * @param detail              image detail sent with each page
 * @param timeout             one HTTP attempt's time limit (the SDK retries after it)
 * @param maxRetries          retries the SDK makes on 408/409/429/5xx and I/O errors, honouring Retry-After
 * @param maxPagesPerRequest  images per request (1–500, the API's limit)
 * @param pageOverflow        what to do with a document over that cap
 * @param maxOutputTokens     the answer's token cap (a longer answer fails as MODEL_TRUNCATED)
 * @param requestsPerMinute   client-side request rate (0 = unlimited)
 * @param tokensPerMinute     client-side estimated token rate (0 = unlimited)
 * @param limiterMaxWait      the longest a request waits for the limiter before failing as MODEL_RATE_LIMITED
 * @param maxCostUsd          the run's cost budget, USD (null = unlimited)
 * @param maxTokens           the run's token budget (0 = unlimited)
 * @param prices              USD per million tokens by model
 */
public record OpenAiSettings(Api api, String model, Optional<String> baseUrl, String apiKey, Detail detail,
                             Duration timeout, int maxRetries, int maxPagesPerRequest, PageOverflow pageOverflow,
                             int maxOutputTokens, int requestsPerMinute, long tokensPerMinute, Duration limiterMaxWait,
                             BigDecimal maxCostUsd, long maxTokens, PriceTable prices) {

    /** Which OpenAI endpoint carries the request. */
    public enum Api {
        /** {@code POST /v1/chat/completions}: spoken by OpenAI and every compatible server. */
        CHAT,
        /** {@code POST /v1/responses}: OpenAI's newer endpoint; few compatible servers have it. */
        RESPONSES
    }

    /** The {@code detail} of each image part. */
    public enum Detail { LOW, HIGH, AUTO }

    /** What happens to a document with more pages than one request may carry. */
    public enum PageOverflow {
        /** Several requests of at most the cap each, their answers merged. */
        SPLIT,
        /** The document fails as PAGE_LIMIT. */
        REJECT
    }

    /** The API's own limit on images in one request. */
    public static final int API_MAX_IMAGES = 500;

    public static final String API = "ledgerlens.openai.api";
    public static final String MODEL = "ledgerlens.model";
    public static final String DETAIL = "ledgerlens.openai.detail";
    public static final String TIMEOUT = "ledgerlens.openai.timeout";
    public static final String MAX_RETRIES = "ledgerlens.openai.max-retries";
    public static final String MAX_PAGES = "ledgerlens.openai.max-pages-per-request";
    public static final String PAGE_OVERFLOW = "ledgerlens.openai.page-overflow";
    public static final String MAX_OUTPUT_TOKENS = "ledgerlens.openai.max-output-tokens";
    public static final String REQUESTS_PER_MINUTE = "ledgerlens.openai.requests-per-minute";
    public static final String TOKENS_PER_MINUTE = "ledgerlens.openai.tokens-per-minute";
    public static final String LIMITER_MAX_WAIT = "ledgerlens.openai.limiter-max-wait";
    public static final String MAX_COST_USD = "ledgerlens.max-cost-usd";
    public static final String MAX_TOKENS = "ledgerlens.max-tokens";
    public static final String API_KEY_VARIABLE = "OPENAI_API_KEY";
    public static final String BASE_URL_VARIABLE = "OPENAI_BASE_URL";

    public OpenAiSettings {
        require(model != null && !model.isBlank(), MODEL, String.valueOf(model), "a model name such as gpt-4.1-mini");
        require(apiKey != null && !apiKey.isBlank(), API_KEY_VARIABLE, "", "set (for a local server any value, e.g. 'local')");
        require(maxPagesPerRequest >= 1 && maxPagesPerRequest <= API_MAX_IMAGES, MAX_PAGES,
                String.valueOf(maxPagesPerRequest), "between 1 and " + API_MAX_IMAGES + " (the API's image limit)");
        require(maxRetries >= 0, MAX_RETRIES, String.valueOf(maxRetries), "0 or more");
        require(!timeout.isNegative() && !timeout.isZero(), TIMEOUT, timeout.toString(), "a positive duration");
        require(maxOutputTokens > 0, MAX_OUTPUT_TOKENS, String.valueOf(maxOutputTokens), "a positive number");
        require(requestsPerMinute >= 0, REQUESTS_PER_MINUTE, String.valueOf(requestsPerMinute), "0 (unlimited) or more");
        require(tokensPerMinute >= 0, TOKENS_PER_MINUTE, String.valueOf(tokensPerMinute), "0 (unlimited) or more");
        require(maxCostUsd == null || maxCostUsd.signum() > 0, MAX_COST_USD, String.valueOf(maxCostUsd),
                "empty (no budget) or a positive amount of USD");
        require(maxTokens >= 0, MAX_TOKENS, String.valueOf(maxTokens), "0 (no budget) or more");
        baseUrl.ifPresent(url -> {
            URI uri;
            try {
                uri = URI.create(url);
            } catch (IllegalArgumentException e) {
                throw ConfigSource.invalid(BASE_URL_VARIABLE, url, "an http(s) URL such as http://localhost:11434/v1");
            }
            require("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()), BASE_URL_VARIABLE, url,
                    "an http(s) URL such as http://localhost:11434/v1");
        });
        if (maxCostUsd != null && prices.priceFor(model).isEmpty()) {
            throw new LedgerlensException(FailureReason.CONFIGURATION_INVALID, "a cost budget (" + MAX_COST_USD
                    + ") is set but the price of model '" + model + "' is unknown; set " + PriceTable.KEY_PREFIX + model
                    + "=input,cached,output (USD per million tokens)");
        }
    }

    /** Reads the settings; fails with CONFIGURATION_INVALID naming the key when a value is wrong. */
    public static OpenAiSettings from(ConfigSource config) {
        // Defaults mirror config/application.properties, where each one has its reason next to it.
        String model = config.getString(MODEL, "gpt-4.1-mini");
        String apiKey = config.environment(API_KEY_VARIABLE).orElse(null);
        if (apiKey == null) {
            throw new LedgerlensException(FailureReason.CONFIGURATION_INVALID, API_KEY_VARIABLE
                    + " is not set: the openai engine needs it (for a local OpenAI-compatible server any value works),"
                    + " or choose ledgerlens.engine=offline");
        }
        return new OpenAiSettings(
                config.getEnum(API, Api.class, Api.CHAT),
                model,
                config.environment(BASE_URL_VARIABLE),
                apiKey,
                config.getEnum(DETAIL, Detail.class, Detail.HIGH),
                config.getDuration(TIMEOUT, Duration.ofSeconds(120)),
                config.getInt(MAX_RETRIES, 4),
                config.getInt(MAX_PAGES, 20),
                config.getEnum(PAGE_OVERFLOW, PageOverflow.class, PageOverflow.SPLIT),
                config.getInt(MAX_OUTPUT_TOKENS, 4096),
                config.getInt(REQUESTS_PER_MINUTE, 0),
                config.getLong(TOKENS_PER_MINUTE, 0),
                config.getDuration(LIMITER_MAX_WAIT, Duration.ofMinutes(2)),
                config.getDecimal(MAX_COST_USD, null),
                config.getLong(MAX_TOKENS, 0),
                PriceTable.from(config, model));
    }

    /** The same settings pointed at another server (tests, compatible servers). */
    public OpenAiSettings withBaseUrl(String url) {
        return new OpenAiSettings(api, model, Optional.of(url), apiKey, detail, timeout, maxRetries, maxPagesPerRequest,
                pageOverflow, maxOutputTokens, requestsPerMinute, tokensPerMinute, limiterMaxWait, maxCostUsd,
                maxTokens, prices);
    }

    /** The engine name recorded with each extraction. */
    public String engineName() {
        return api == Api.CHAT ? "openai-chat" : "openai-responses";
    }

    private static void require(boolean ok, String key, String value, String expected) {
        if (!ok) {
            throw ConfigSource.invalid(key, value, expected);
        }
    }

    @Override
    public String toString() {
        return "OpenAiSettings[api=" + api + ", model=" + model + ", baseUrl=" + baseUrl.orElse("(OpenAI)")
                + ", apiKey=***, detail=" + detail + ", timeout=" + timeout + ", maxRetries=" + maxRetries
                + ", maxPagesPerRequest=" + maxPagesPerRequest + ", pageOverflow=" + pageOverflow
                + ", maxOutputTokens=" + maxOutputTokens + ", requestsPerMinute=" + requestsPerMinute
                + ", tokensPerMinute=" + tokensPerMinute + ", limiterMaxWait=" + limiterMaxWait
                + ", maxCostUsd=" + maxCostUsd + ", maxTokens=" + maxTokens + "]";
    }
}
