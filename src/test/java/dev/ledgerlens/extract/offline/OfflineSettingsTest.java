package dev.ledgerlens.extract.offline;

import dev.ledgerlens.config.ConfigSource;
import dev.ledgerlens.extract.offline.rules.LineJoin;
import dev.ledgerlens.failure.FailureReason;
import dev.ledgerlens.failure.LedgerlensException;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OfflineSettingsTest {
    private static OfflineSettings settings(Map<String, String> environment) {
        return OfflineSettings.from(new ConfigSource(new Properties(), environment));
    }

    @Test
    void ppOcrGrowsItsBoxesByTwoUnlessTold() {
        assertThat(settings(Map.of()).ppocrUnclipRatio()).isEqualTo(2.0);
        assertThat(settings(Map.of("LEDGERLENS_OFFLINE_PPOCR_UNCLIP_RATIO", "1.6")).ppocrUnclipRatio()).isEqualTo(1.6);
    }

    @Test
    void rejectsAnUnclipRatioOutsideItsRangeNamingTheKey() {
        for (String bad : new String[] {"0.5", "9", "wide", "NaN"}) {
            assertThatThrownBy(() -> settings(Map.of("LEDGERLENS_OFFLINE_PPOCR_UNCLIP_RATIO", bad)))
                    .as(bad)
                    .isInstanceOfSatisfying(LedgerlensException.class, e -> assertThat(e.reason()).isEqualTo(FailureReason.CONFIGURATION_INVALID))
                    .hasMessageContaining("ledgerlens.offline.ppocr-unclip-ratio");
        }
    }

    @Test
    void readsEveryShippedLanguagesLabelsUnlessToldOtherwise() {
        assertThat(settings(Map.of()).labels().languages()).containsExactly("en", "de", "fr", "nl", "es", "it", "pt", "ms");
        assertThat(settings(Map.of("LEDGERLENS_OFFLINE_LABELS", "de, fr")).labels().languages()).containsExactly("de", "fr");
        assertThat(settings(Map.of("LEDGERLENS_OFFLINE_LABELS", "en")).labels().languages()).as("without the Malay vocabulary").containsExactly("en");
        assertThat(settings(Map.of("LEDGERLENS_OFFLINE_LABELS", "none")).labels().languages()).isEmpty();
        assertThatThrownBy(() -> settings(Map.of("LEDGERLENS_OFFLINE_LABELS", "en,klingon")))
                .isInstanceOfSatisfying(LedgerlensException.class, e -> assertThat(e.reason()).isEqualTo(FailureReason.CONFIGURATION_INVALID))
                .hasMessageContaining("ledgerlens.offline.labels");
    }

    @Test
    void addressRowsRunOnWithASpaceAsEvalMeasuresThemUnlessTold() throws Exception {
        assertThat(settings(Map.of()).lineJoin()).as("the code's default").isEqualTo(LineJoin.SPACE);
        assertThat(OfflineSettings.from(ConfigSource.load(null, Map.of())).lineJoin()).as("the shipped properties")
                .isEqualTo(LineJoin.SPACE);
        assertThat(dev.ledgerlens.cli.EvalCommand.class.getDeclaredField("addressJoin")
                .getAnnotation(picocli.CommandLine.Option.class).defaultValue()).as("what eval measures")
                .isEqualToIgnoringCase(LineJoin.SPACE.name());
        assertThat(settings(Map.of("LEDGERLENS_OFFLINE_ADDRESS_JOIN", "comma")).lineJoin()).isEqualTo(LineJoin.COMMA);
    }
}
