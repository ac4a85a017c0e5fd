package dev.ledgerlens.render;

import dev.ledgerlens.config.ConfigSource;
import dev.ledgerlens.failure.FailureReason;
import dev.ledgerlens.failure.LedgerlensException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RenderSettingsTest {

    @Test
    void shippedConfigurationGivesTheDocumentedDefaults() throws IOException {
        Properties shipped = new Properties();
        try (InputStream in = Files.newInputStream(Path.of("config", "application.properties"))) {
            shipped.load(in);
        }
        RenderSettings settings = RenderSettings.from(new ConfigSource(shipped, Map.of()));
        assertThat(settings).isEqualTo(RenderSettings.defaults());
        assertThat(settings.maxPages()).isEqualTo(200);
        assertThat(settings.maxPixels()).isEqualTo(100_000_000L);
    }

    @Test
    void environmentOverridesTheFile() {
        ConfigSource config = new ConfigSource(new Properties(), Map.of(
                "LEDGERLENS_RENDER_MAX_PAGES", "5",
                "LEDGERLENS_RENDER_MAX_PIXELS", "20000000",
                "LEDGERLENS_RENDER_JPEG_QUALITY", "0.7",
                "LEDGERLENS_RENDER_TIMEOUT", "90s"));
        assertThat(RenderSettings.from(config))
                .isEqualTo(new RenderSettings(5, 20_000_000L, 0.7f, java.time.Duration.ofSeconds(90)));
    }

    @Test
    void badValuesNameTheKeyToFix() {
        ConfigSource zeroPages = new ConfigSource(new Properties(), Map.of("LEDGERLENS_RENDER_MAX_PAGES", "0"));
        ConfigSource wordPixels = new ConfigSource(new Properties(), Map.of("LEDGERLENS_RENDER_MAX_PIXELS", "lots"));
        ConfigSource quality = new ConfigSource(new Properties(), Map.of("LEDGERLENS_RENDER_JPEG_QUALITY", "85"));
        ConfigSource zeroTimeout = new ConfigSource(new Properties(), Map.of("LEDGERLENS_RENDER_TIMEOUT", "0s"));
        for (ConfigSource config : new ConfigSource[] {zeroPages, wordPixels, quality, zeroTimeout}) {
            assertThatThrownBy(() -> RenderSettings.from(config))
                    .isInstanceOfSatisfying(LedgerlensException.class, e -> {
                        assertThat(e.reason()).isEqualTo(FailureReason.CONFIGURATION_INVALID);
                        assertThat(e.getMessage()).contains("ledgerlens.render.");
                    });
        }
    }
}
