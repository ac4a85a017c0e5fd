package dev.ledgerlens.app;

import dev.ledgerlens.config.ConfigSource;
import dev.ledgerlens.extract.Extractor;
import dev.ledgerlens.extract.offline.OfflineExtractor;
import dev.ledgerlens.extract.offline.OfflineSettings;
import dev.ledgerlens.extract.openai.OpenAiExtractor;

/** Builds the configured extraction engine (for the pipeline, and for {@code eval}, which measures the same engine). */
public final class Engines {
    private Engines() {
    }

    public static Extractor create(Settings settings, ConfigSource config) {
        return switch (settings.engine()) {
            case OPENAI -> OpenAiExtractor.from(config);
            case OFFLINE -> OfflineExtractor.create(OfflineSettings.from(config));
        };
    }
}
