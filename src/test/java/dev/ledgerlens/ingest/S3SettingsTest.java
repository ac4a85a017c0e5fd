package dev.ledgerlens.ingest;

import dev.ledgerlens.config.ConfigSource;
import dev.ledgerlens.failure.LedgerlensException;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class S3SettingsTest {
    private static S3Settings settings(Map<String, String> environment) {
        return S3Settings.from(new ConfigSource(new Properties(), environment));
    }

    @Test
    void aCustomEndpointTurnsPathStyleOnAndObjectsAreMovedByDefault() {
        S3Settings s3 = settings(Map.of("LEDGERLENS_S3_BUCKET", "receipts", "LEDGERLENS_S3_ENDPOINT", "http://minio:9000"));

        assertThat(s3.pathStyle()).isTrue();
        assertThat(s3.after()).isEqualTo(S3Settings.After.MOVE);
        assertThat(s3.prefix()).isEqualTo("inbox/");
        assertThat(s3.uriOf("inbox/a b.pdf")).isEqualTo("s3://receipts/inbox/a b.pdf");
        assertThat(settings(Map.of("LEDGERLENS_S3_BUCKET", "receipts")).pathStyle()).as("AWS").isFalse();
    }

    @Test
    void movingObjectsIntoThePrefixThatIsReadIsRefusedAtStartUp() {
        assertThatThrownBy(() -> settings(Map.of("LEDGERLENS_S3_BUCKET", "receipts",
                "LEDGERLENS_S3_PROCESSED_PREFIX", "inbox/done/")))
                .isInstanceOf(LedgerlensException.class).hasMessageContaining("would be read again")
                .hasMessageContaining("outside ledgerlens.s3.prefix");
        assertThatThrownBy(() -> settings(Map.of("LEDGERLENS_S3_BUCKET", "receipts", "LEDGERLENS_S3_PREFIX", "scans",
                "LEDGERLENS_S3_FAILED_PREFIX", "scans-failed/")))
                .hasMessageContaining("scans-failed/");
        // tagged objects never move, so the targets do not matter
        assertThat(settings(Map.of("LEDGERLENS_S3_BUCKET", "receipts", "LEDGERLENS_S3_PROCESSED_PREFIX", "inbox/x/",
                "LEDGERLENS_S3_AFTER", "tag")).after()).isEqualTo(S3Settings.After.TAG);
    }

    @Test
    void aMissingBucketOrAnUnknownDispositionSaysWhatToSet() {
        assertThatThrownBy(() -> settings(Map.of())).hasMessageContaining("LEDGERLENS_S3_BUCKET");
        assertThatThrownBy(() -> settings(Map.of("LEDGERLENS_S3_BUCKET", "receipts", "LEDGERLENS_S3_AFTER", "archive")))
                .hasMessageContaining("move, tag, keep or delete");
    }
}
