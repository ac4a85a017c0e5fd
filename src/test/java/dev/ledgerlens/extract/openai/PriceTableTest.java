package dev.ledgerlens.extract.openai;

import dev.ledgerlens.config.ConfigSource;
import dev.ledgerlens.failure.LedgerlensException;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Online and Batch API prices: the shipped columns, and what each override changes. */
class PriceTableTest {

    @Test
    void everyListedModelHasABatchPriceOfHalfItsOnlinePrice() {
        PriceTable prices = PriceTable.listPrices();
        for (String model : new String[] {"gpt-4.1-mini", "gpt-4.1-nano", "gpt-4.1", "gpt-4o-mini", "gpt-4o", "gpt-5-mini",
                "gpt-5-nano", "gpt-5", "o4-mini", "gpt-4.1-mini-2025-04-14"}) {
            PriceTable.Price online = prices.priceFor(model).orElseThrow();
            PriceTable.Price batch = prices.batchPriceFor(model).orElseThrow();
            assertThat(batch.input().multiply(BigDecimal.valueOf(2))).as(model).isEqualByComparingTo(online.input());
            assertThat(batch.cachedInput().multiply(BigDecimal.valueOf(2))).as(model).isEqualByComparingTo(online.cachedInput());
            assertThat(batch.output().multiply(BigDecimal.valueOf(2))).as(model).isEqualByComparingTo(online.output());
        }
        // 1,200 input and 250 output tokens of gpt-4.1-mini: 0.00088 online, 0.00044 in a batch
        assertThat(prices.priceFor("gpt-4.1-mini").orElseThrow().cost(1200, 0, 250)).isEqualByComparingTo("0.00088");
        assertThat(prices.batchPriceFor("gpt-4.1-mini").orElseThrow().cost(1200, 0, 250)).isEqualByComparingTo("0.00044");
        assertThat(prices.batchPriceFor("llava:13b")).isEmpty();
    }

    @Test
    void aBatchPriceCanBeSetOnItsOwnAndAnOnlineOverrideIsHalvedForBatches() {
        PriceTable both = PriceTable.from(config(Map.of("LEDGERLENS_OPENAI_PRICE_QWEN", "0.10,0.05,0.40",
                "LEDGERLENS_OPENAI_BATCH_PRICE_QWEN", "0.02,0.01,0.08")), "qwen");
        assertThat(both.batchPriceFor("qwen").orElseThrow().output()).isEqualByComparingTo("0.08");
        PriceTable onlineOnly = PriceTable.from(config(Map.of("LEDGERLENS_OPENAI_PRICE_QWEN", "0.10,0.05,0.40")), "qwen");
        assertThat(onlineOnly.batchPriceFor("qwen").orElseThrow().output()).isEqualByComparingTo("0.20");
        assertThatThrownBy(() -> PriceTable.from(config(Map.of("LEDGERLENS_OPENAI_BATCH_PRICE_QWEN", "cheap")), "qwen"))
                .isInstanceOf(LedgerlensException.class).hasMessageContaining("ledgerlens.openai.batch-price.qwen");
    }

    private static ConfigSource config(Map<String, String> environment) {
        return new ConfigSource(new Properties(), environment);
    }
}
