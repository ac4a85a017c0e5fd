package dev.ledgerlens.app;

import dev.ledgerlens.config.ConfigSource;
import java.util.Locale;

/** Where documents come from: {@code ledgerlens.source} or {@code --source}. */
public enum SourceKind {
    /** A folder (ledgerlens.input or --input). */
    FILE,
    /** A bucket prefix (ledgerlens.s3.*). */
    S3;

    public static SourceKind from(ConfigSource config) {
        String value = config.getString("ledgerlens.source", "file");
        try {
            return valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ConfigSource.invalid("ledgerlens.source", value, "file or s3");
        }
    }
}
