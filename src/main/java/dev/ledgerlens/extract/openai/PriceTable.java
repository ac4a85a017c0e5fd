package dev.ledgerlens.extract.openai;

import dev.ledgerlens.config.ConfigSource;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * USD per million tokens by model (input, cached input, output), for the recorded cost of each
 * extraction and the run budget, in two columns: online requests and Batch API requests. The shipped prices are
 * OpenAI's list prices when this was written, the batch column half of each (the Batch API's discount);
 * {@code ledgerlens.openai.price.<model>=input,cached,output} overrides a model's online price and
 * {@code ledgerlens.openai.batch-price.<model>=input,cached,output} its batch price (prices change, local servers are
 * free). Immutable and thread-safe.
 */
public final class PriceTable {

    /** USD per 1M tokens. */
    public record Price(BigDecimal input, BigDecimal cachedInput, BigDecimal output) {
        public static Price of(String input, String cached, String output) {
            return new Price(new BigDecimal(input), new BigDecimal(cached), new BigDecimal(output));
        }

        /** Cost of one call: uncached prompt tokens at the input price, cached ones at the cached price. */
        public BigDecimal cost(long promptTokens, long cachedTokens, long completionTokens) {
            long uncached = Math.max(0, promptTokens - cachedTokens);
            BigDecimal micro = input.multiply(BigDecimal.valueOf(uncached))
                    .add(cachedInput.multiply(BigDecimal.valueOf(cachedTokens)))
                    .add(output.multiply(BigDecimal.valueOf(completionTokens)));
            return micro.divide(MILLION, new MathContext(12, RoundingMode.HALF_UP)).setScale(8, RoundingMode.HALF_UP);
        }

        /** Each price halved: the Batch API's discount on an online price. */
        Price half() {
            BigDecimal two = BigDecimal.valueOf(2);
            return new Price(input.divide(two), cachedInput.divide(two), output.divide(two));
        }
    }

    private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);
    static final String KEY_PREFIX = "ledgerlens.openai.price.";
    static final String BATCH_KEY_PREFIX = "ledgerlens.openai.batch-price.";

    /** One model's shipped prices: online and through the Batch API. */
    private record Listed(String model, Price online, Price batch) {
    }

    // Longest prefixes first, as in VisionModel. The batch column is half the online one: the Batch API's discount.
    private static final List<Listed> LISTED = List.of(
            new Listed("gpt-4.1-mini", Price.of("0.40", "0.10", "1.60"), Price.of("0.20", "0.05", "0.80")),
            new Listed("gpt-4.1-nano", Price.of("0.10", "0.025", "0.40"), Price.of("0.05", "0.0125", "0.20")),
            new Listed("gpt-4.1", Price.of("2.00", "0.50", "8.00"), Price.of("1.00", "0.25", "4.00")),
            new Listed("gpt-4o-mini", Price.of("0.15", "0.075", "0.60"), Price.of("0.075", "0.0375", "0.30")),
            new Listed("gpt-4o", Price.of("2.50", "1.25", "10.00"), Price.of("1.25", "0.625", "5.00")),
            new Listed("gpt-5-mini", Price.of("0.25", "0.025", "2.00"), Price.of("0.125", "0.0125", "1.00")),
            new Listed("gpt-5-nano", Price.of("0.05", "0.005", "0.40"), Price.of("0.025", "0.0025", "0.20")),
            new Listed("gpt-5", Price.of("1.25", "0.125", "10.00"), Price.of("0.625", "0.0625", "5.00")),
            new Listed("o4-mini", Price.of("1.10", "0.275", "4.40"), Price.of("0.55", "0.1375", "2.20")));

    private final Map<String, Price> overrides;
    private final Map<String, Price> batchOverrides;

    private PriceTable(Map<String, Price> overrides, Map<String, Price> batchOverrides) {
        this.overrides = Map.copyOf(overrides);
        this.batchOverrides = Map.copyOf(batchOverrides);
    }

    /** OpenAI's list prices only. */
    public static PriceTable listPrices() {
        return new PriceTable(Map.of(), Map.of());
    }

    /**
     * List prices, with the configured model's prices overridden when {@code ledgerlens.openai.price.<model>} or
     * {@code ledgerlens.openai.batch-price.<model>} is set.
     */
    public static PriceTable from(ConfigSource config, String model) {
        return new PriceTable(override(config, KEY_PREFIX + model, model), override(config, BATCH_KEY_PREFIX + model, model));
    }

    private static Map<String, Price> override(ConfigSource config, String key, String model) {
        return config.get(key).map(value -> {
            String[] parts = value.split(",");
            if (parts.length != 3) {
                throw ConfigSource.invalid(key, value, "three USD prices per million tokens: input,cached,output");
            }
            try {
                return Map.of(model, Price.of(parts[0].trim(), parts[1].trim(), parts[2].trim()));
            } catch (NumberFormatException e) {
                throw ConfigSource.invalid(key, value, "three decimal numbers: input,cached,output");
            }
        }).orElseGet(Map::of);
    }

    /** The online price of a model (dated snapshots use their family's price); empty when unknown. */
    public Optional<Price> priceFor(String model) {
        Price override = overrides.get(model);
        return override != null ? Optional.of(override) : listed(model).map(Listed::online);
    }

    /**
     * The Batch API price of a model: its batch override, else half its online override (a model priced only online
     * is still billed at the Batch API's discount), else the listed batch price; empty when unknown.
     */
    public Optional<Price> batchPriceFor(String model) {
        Price override = batchOverrides.get(model);
        if (override != null) {
            return Optional.of(override);
        }
        Price online = overrides.get(model);
        return online != null ? Optional.of(online.half()) : listed(model).map(Listed::batch);
    }

    private static Optional<Listed> listed(String model) {
        String name = model.toLowerCase(Locale.ROOT);
        return LISTED.stream().filter(entry -> name.startsWith(entry.model())).findFirst();
    }
}
