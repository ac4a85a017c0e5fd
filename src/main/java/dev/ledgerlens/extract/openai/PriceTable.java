package dev.ledgerlens.extract.openai;

import dev.ledgerlens.config.ConfigSource;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * USD per million tokens by model (input, cached input, output), for the recorded cost of each
 * extraction and the run budget. The shipped prices are OpenAI's list prices when this was written;
 * {@code ledgerlens.openai.price.<model>=input,cached,output} overrides one (prices change, local servers are free).
 * Immutable and thread-safe.
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
    }

    private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);
    static final String KEY_PREFIX = "ledgerlens.openai.price.";

    // Longest prefixes first, as in VisionModel.
    private static final Map<String, Price> LIST_PRICES = shippedPrices();

    private static Map<String, Price> shippedPrices() {
        Map<String, Price> prices = new LinkedHashMap<>();
        prices.put("gpt-4.1-mini", Price.of("0.40", "0.10", "1.60"));
        prices.put("gpt-4.1-nano", Price.of("0.10", "0.025", "0.40"));
        prices.put("gpt-4.1", Price.of("2.00", "0.50", "8.00"));
        prices.put("gpt-4o-mini", Price.of("0.15", "0.075", "0.60"));
        prices.put("gpt-4o", Price.of("2.50", "1.25", "10.00"));
        prices.put("gpt-5-mini", Price.of("0.25", "0.025", "2.00"));
        prices.put("gpt-5-nano", Price.of("0.05", "0.005", "0.40"));
        prices.put("gpt-5", Price.of("1.25", "0.125", "10.00"));
        prices.put("o4-mini", Price.of("1.10", "0.275", "4.40"));
        return java.util.Collections.unmodifiableMap(prices);
    }

    private final Map<String, Price> overrides;

    private PriceTable(Map<String, Price> overrides) {
        this.overrides = Map.copyOf(overrides);
    }

    /** OpenAI's list prices only. */
    public static PriceTable listPrices() {
        return new PriceTable(Map.of());
    }

    /** List prices, with the configured model's price overridden when {@code ledgerlens.openai.price.<model>} is set. */
    public static PriceTable from(ConfigSource config, String model) {
        String key = KEY_PREFIX + model;
        return config.get(key).map(value -> {
            String[] parts = value.split(",");
            if (parts.length != 3) {
                throw ConfigSource.invalid(key, value, "three USD prices per million tokens: input,cached,output");
            }
            try {
                return new PriceTable(Map.of(model, Price.of(parts[0].trim(), parts[1].trim(), parts[2].trim())));
            } catch (NumberFormatException e) {
                throw ConfigSource.invalid(key, value, "three decimal numbers: input,cached,output");
            }
        }).orElseGet(() -> new PriceTable(Map.of()));
    }

    /** The price of a model (dated snapshots use their family's price); empty when unknown. */
    public Optional<Price> priceFor(String model) {
        Price override = overrides.get(model);
        if (override != null) {
            return Optional.of(override);
        }
        String name = model.toLowerCase(Locale.ROOT);
        return LIST_PRICES.entrySet().stream()
                .filter(entry -> name.startsWith(entry.getKey()))
                .map(Map.Entry::getValue)
                .findFirst();
    }
}
