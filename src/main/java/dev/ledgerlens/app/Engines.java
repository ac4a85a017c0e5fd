package dev.ledgerlens.app;

import dev.ledgerlens.config.ConfigSource;
import dev.ledgerlens.extract.Extractor;
import dev.ledgerlens.extract.einvoice.EInvoiceExtractor;
import dev.ledgerlens.extract.offline.OfflineExtractor;
import dev.ledgerlens.extract.offline.OfflineSettings;
import dev.ledgerlens.extract.openai.OpenAiExtractor;

/**
 * Builds the configured extraction engine, behind the e-invoice reader: documents that carry invoice XML are read from
 * it and never reach the engine.
 */
final class Engines {
    private Engines() {
    }

    static Extractor create(Settings settings, ConfigSource config) {
        Extractor engine = switch (settings.engine()) {
            case OPENAI -> OpenAiExtractor.from(config);
            case OFFLINE -> OfflineExtractor.create(OfflineSettings.from(config));
        };
        return new EInvoiceExtractor(engine);
    }
}
