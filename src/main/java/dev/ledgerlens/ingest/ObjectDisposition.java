package dev.ledgerlens.ingest;

import dev.ledgerlens.config.ConfigSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.Tag;
import software.amazon.awssdk.services.s3.model.Tagging;

import java.util.Optional;

/**
 * What happens to an S3 object once its document has left the pipeline: moved under {@code processed/} or
 * {@code failed/} (copy, then delete), tagged, kept or deleted. The Camel consumer itself neither deletes
 * nor moves ({@code deleteAfterRead=false}): its move only copies unless it also deletes, and it knows
 * nothing of dead-lettered documents, which Camel sees as handled.
 * Thread-safe (the SDK client is).
 */
public final class ObjectDisposition {
    private static final Logger LOG = LoggerFactory.getLogger(ObjectDisposition.class);

    private final S3Client client;
    private final S3Settings settings;

    public ObjectDisposition(S3Client client, S3Settings settings) {
        this.client = client;
        this.settings = settings;
    }

    /**
     * The S3 client for these settings. Keys from {@code AWS_ACCESS_KEY_ID} and {@code AWS_SECRET_ACCESS_KEY}
     * in the environment when both are set, else the AWS default chain; never from configuration files.
     */
    public static S3Client client(S3Settings settings, ConfigSource config) {
        Optional<String> keyId = config.environment("AWS_ACCESS_KEY_ID");
        Optional<String> secret = config.environment("AWS_SECRET_ACCESS_KEY");
        AwsCredentialsProvider credentials = keyId.isPresent() && secret.isPresent()
                ? StaticCredentialsProvider.create(AwsBasicCredentials.create(keyId.get(), secret.get()))
                : DefaultCredentialsProvider.builder().build();
        S3ClientBuilder builder = S3Client.builder().region(Region.of(settings.region())).credentialsProvider(credentials)
                .forcePathStyle(settings.pathStyle());
        if (settings.endpoint() != null) {
            builder.endpointOverride(settings.endpoint());
        }
        return builder.build();
    }

    public S3Settings settings() {
        return settings;
    }

    /** True when {@code sourceUri} names an object of this bucket. */
    public boolean owns(String sourceUri) {
        return sourceUri != null && sourceUri.startsWith("s3://" + settings.bucket() + "/");
    }

    /** The document was stored (or was already known). */
    public void succeeded(String sourceUri, boolean originalKept) {
        apply(sourceUri, settings.processedPrefix(), "processed", originalKept);
    }

    /** The document was dead-lettered. */
    public void failed(String sourceUri, boolean originalKept) {
        apply(sourceUri, settings.failedPrefix(), "failed", originalKept);
    }

    private void apply(String sourceUri, String targetPrefix, String status, boolean originalKept) {
        String key = sourceUri.substring(("s3://" + settings.bucket() + "/").length());
        try {
            switch (settings.after()) {
                case KEEP -> { }
                case TAG -> client.putObjectTagging(request -> request.bucket(settings.bucket()).key(key)
                        .tagging(Tagging.builder().tagSet(Tag.builder().key(S3Settings.STATUS_TAG).value(status).build()).build()));
                case DELETE -> {
                    if (originalKept) {
                        client.deleteObject(request -> request.bucket(settings.bucket()).key(key));
                    } else {
                        move(key, settings.failedPrefix());
                    }
                }
                case MOVE -> move(key, targetPrefix);
            }
        } catch (SdkException e) {
            // the record is safe in the database; an object left in place is seen as already known next time
            LOG.warn("could not {} s3://{}/{}: {}", settings.after().name().toLowerCase(java.util.Locale.ROOT),
                    settings.bucket(), key, e.getMessage());
        }
    }

    private void move(String key, String targetPrefix) {
        String relative = key.startsWith(settings.prefix()) ? key.substring(settings.prefix().length()) : key;
        String target = targetPrefix + relative;
        client.copyObject(request -> request.sourceBucket(settings.bucket()).sourceKey(key)
                .destinationBucket(settings.bucket()).destinationKey(target));
        client.deleteObject(request -> request.bucket(settings.bucket()).key(key));
    }
}
