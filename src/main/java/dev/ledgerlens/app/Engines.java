package dev.ledgerlens.app;

import dev.ledgerlens.config.ConfigSource;
import dev.ledgerlens.extract.Extractor;
import dev.ledgerlens.extract.einvoice.EInvoiceExtractor;
import dev.ledgerlens.extract.offline.OfflineExtractor;
import dev.ledgerlens.extract.offline.OfflineSettings;
import dev.ledgerlens.extract.offline.SecondReading;
import dev.ledgerlens.extract.openai.OpenAiExtractor;

/**
 * Builds the configured extraction engine, behind the e-invoice reader: documents that carry invoice XML are read from
 * it and never reach the engine. Used by the pipeline, and by {@code eval}, which measures the same engine.
 */
public final class Engines {
    private Engines() {
    }

    public static Extractor create(Settings settings, ConfigSource config) {
        Extractor engine = switch (settings.engine()) {
            // a vision model's answer for scanned pages is read a second time by the offline engine, for grounding
            case OPENAI -> config.getBoolean("ledgerlens.openai.second-reading", true)
                    ? SecondReading.around(OpenAiExtractor.from(config), OfflineSettings.from(config))
                    : OpenAiExtractor.from(config);
            case OFFLINE -> OfflineExtractor.create(OfflineSettings.from(config));
        };
        return new EInvoiceExtractor(engine);
    }
}
