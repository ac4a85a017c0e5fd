package dev.ledgerlens.ingest;

import dev.ledgerlens.config.ConfigSource;
import dev.ledgerlens.failure.FailureReason;
import dev.ledgerlens.failure.LedgerlensException;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;

/**
 * Where the S3 source reads and what it does with an object afterwards, checked when built.
 * Credentials are never part of it: they come from {@code AWS_ACCESS_KEY_ID} / {@code AWS_SECRET_ACCESS_KEY}
 * in the environment, else from the AWS default chain (profile, web identity, instance role). Immutable.
 *
 * @param bucket          the bucket to read
 * @param prefix          only keys under this prefix are documents (and processed/ failed/ must lie outside it)
 * @param region          the bucket's region (any value for most S3-compatible servers)
 * @param endpoint        a custom endpoint (MinIO, Ceph, R2), or null for AWS
 * @param pathStyle       bucket in the path rather than the host name, as most S3-compatible servers need
 * @param after           what happens to an object once its document left the pipeline
 * @param processedPrefix where a stored (or already known) document's object is moved
 * @param failedPrefix    where a dead-lettered document's object is moved
 */
public record S3Settings(String bucket, String prefix, String region, URI endpoint, boolean pathStyle, After after,
                         String processedPrefix, String failedPrefix) {

    /** What happens to an object after processing. */
    public enum After {
        /** Copy it under processed/ or failed/, then delete it from the inbox prefix. */
        MOVE,
        /** Leave it and tag it {@code ledgerlens-status=processed|failed}. */
        TAG,
        /** Leave it (the database remembers it by SHA-256). */
        KEEP,
        /** Delete it once its original is kept in the data directory. */
        DELETE
    }

    /** The tag key written by {@link After#TAG}. */
    public static final String STATUS_TAG = "ledgerlens-status";

    public static S3Settings from(ConfigSource config) {
        String bucket = config.getString("ledgerlens.s3.bucket", "");
        if (bucket.isBlank()) {
            throw new LedgerlensException(FailureReason.CONFIGURATION_INVALID,
                    "ledgerlens.source is s3 but no bucket is set: set LEDGERLENS_S3_BUCKET");
        }
        String prefix = config.getString("ledgerlens.s3.prefix", "inbox/");
        String region = config.getString("ledgerlens.s3.region", "us-east-1");
        URI endpoint = config.get("ledgerlens.s3.endpoint").filter(v -> !v.isBlank()).map(URI::create).orElse(null);
        boolean pathStyle = config.getBoolean("ledgerlens.s3.path-style", endpoint != null);
        After after = parseAfter(config.get("ledgerlens.s3.after"));
        String processed = config.getString("ledgerlens.s3.processed-prefix", "processed/");
        String failed = config.getString("ledgerlens.s3.failed-prefix", "failed/");
        if (after == After.MOVE) {
            for (String target : new String[] {processed, failed}) {
                if (target.isBlank() || target.startsWith(prefix)) {
                    throw new LedgerlensException(FailureReason.CONFIGURATION_INVALID, "the S3 prefix '" + target
                            + "' for moved objects must be set and lie outside ledgerlens.s3.prefix ('" + prefix
                            + "'), or moved objects would be read again");
                }
            }
        }
        return new S3Settings(bucket, prefix, region, endpoint, pathStyle, after, processed, failed);
    }

    private static After parseAfter(Optional<String> value) {
        try {
            return value.filter(v -> !v.isBlank()).map(v -> After.valueOf(v.toUpperCase(Locale.ROOT)))
                    // objects left in place are listed (and downloaded) again on every poll
                    .orElse(After.MOVE);
        } catch (IllegalArgumentException e) {
            throw ConfigSource.invalid("ledgerlens.s3.after", value.orElse(""), "move, tag, keep or delete");
        }
    }

    /** The source URI recorded for an object: {@code s3://bucket/key}. */
    public String uriOf(String key) {
        return "s3://" + bucket + "/" + key;
    }
}
