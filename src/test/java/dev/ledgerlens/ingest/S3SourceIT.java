package dev.ledgerlens.ingest;

import dev.ledgerlens.app.Application;
import dev.ledgerlens.app.BatchRun;
import dev.ledgerlens.app.RunTracker;
import dev.ledgerlens.app.SourceKind;
import dev.ledgerlens.app.WatchRun;
import dev.ledgerlens.testing.FakeOpenAiServer;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.ledgerlens.ingest.SourceFixtures.count;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The S3 source end to end against a real S3-protocol server (S3Proxy, in memory) on 127.0.0.1. */
class S3SourceIT {
    private static final String ACCESS_KEY = "ledgerlens-test-access";
    private static final String SECRET_KEY = "ledgerlens-test-secret";

    @TempDir
    Path workspace;
    S3Proxy server;
    S3Client s3;
    FakeOpenAiServer model;
    Application application;

    @BeforeEach
    void start() throws Exception {
        server = S3Proxy.builder().blobStore(new TransientNio2BlobStore())
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY).build();
        server.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> "STARTED".equals(server.getState()));
        S3Settings settings = new S3Settings("receipts", "inbox/", "us-east-1", endpoint(), true,
                S3Settings.After.MOVE, "processed/", "failed/");
        s3 = ObjectDisposition.client(settings, new dev.ledgerlens.config.ConfigSource(new java.util.Properties(),
                Map.of("AWS_ACCESS_KEY_ID", ACCESS_KEY, "AWS_SECRET_ACCESS_KEY", SECRET_KEY)));
        s3.createBucket(request -> request.bucket("receipts"));
        model = FakeOpenAiServer.start();
    }

    @AfterEach
    void stop() throws Exception {
        if (application != null) {
            application.close();
        }
        model.close();
        s3.close();
        server.stop();
    }

    private URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getPort());
    }

    @Test
    void twentyObjectsAreStoredAndMovedToProcessedAndACorruptOneToFailed() {
        for (int number = 0; number < 20; number++) {
            byte[] photo = SourceFixtures.receiptPhoto(number);
            SourceFixtures.teach(model, number, photo);
            // sub-"folders", spaces and non-ASCII characters in keys
            String key = "inbox/" + (number % 2 == 0 ? "" : "2026/11/") + "reçu n° " + number + ".png";
            s3.putObject(request -> request.bucket("receipts").key(key), RequestBody.fromBytes(photo));
        }
        s3.putObject(request -> request.bucket("receipts").key("inbox/broken.pdf"),
                RequestBody.fromString("%PDF-1.7 not really", StandardCharsets.US_ASCII));
        Map<String, String> environment = new HashMap<>(Map.of(
                "LEDGERLENS_SOURCE", "s3",
                "LEDGERLENS_S3_BUCKET", "receipts",
                "LEDGERLENS_S3_ENDPOINT", endpoint().toString(),
                "AWS_ACCESS_KEY_ID", ACCESS_KEY,
                "AWS_SECRET_ACCESS_KEY", SECRET_KEY));
        application = SourceFixtures.open(workspace.resolve("data"), model, environment);

        RunTracker.Summary summary = new BatchRun(application)
                .runBucket(S3Settings.from(application.config()), new RunTracker(), null);

        assertThat(summary.stored()).isEqualTo(20);
        assertThat(summary.deadLettered()).isEqualTo(1);
        assertThat(count(application, "select count(*) from documents where status in ('valid', 'needs_review')"))
                .isEqualTo(20);
        assertThat(count(application, "select count(*) from extractions")).isEqualTo(20);
        assertThat(count(application, "select count(*) from documents where source_uri like 's3://receipts/inbox/%'"))
                .isEqualTo(21);
        assertThat(keys("inbox/")).isEmpty();
        assertThat(keys("processed/")).hasSize(20).contains("processed/2026/11/reçu n° 1.png", "processed/reçu n° 0.png");
        assertThat(keys("failed/")).containsExactly("failed/broken.pdf");
    }

    @Test
    void aSecondRunOverTheSameBytesStoresNothingNew() {
        byte[] photo = SourceFixtures.receiptPhoto(1);
        SourceFixtures.teach(model, 1, photo);
        Map<String, String> environment = Map.of("LEDGERLENS_S3_BUCKET", "receipts",
                "LEDGERLENS_S3_ENDPOINT", endpoint().toString(),
                "AWS_ACCESS_KEY_ID", ACCESS_KEY, "AWS_SECRET_ACCESS_KEY", SECRET_KEY);
        application = SourceFixtures.open(workspace.resolve("data"), model, environment);
        S3Settings settings = S3Settings.from(application.config());

        s3.putObject(request -> request.bucket("receipts").key("inbox/a.png"), RequestBody.fromBytes(photo));
        RunTracker.Summary first = new BatchRun(application).runBucket(settings, new RunTracker(), null);
        s3.putObject(request -> request.bucket("receipts").key("inbox/a copy.png"), RequestBody.fromBytes(photo));
        RunTracker.Summary second = new BatchRun(application).runBucket(settings, new RunTracker(), null);

        assertThat(first.stored()).isEqualTo(1);
        assertThat(second.alreadyKnown()).isEqualTo(1);
        assertThat(count(application, "select count(*) from extractions")).isEqualTo(1);
        assertThat(keys("processed/")).containsExactlyInAnyOrder("processed/a.png", "processed/a copy.png");
    }

    @Test
    void watchingABucketKeepsEachObjectReadsItOnceAndReportsTheBucketOnHealth() throws Exception {
        byte[] photo = SourceFixtures.receiptPhoto(3);
        SourceFixtures.teach(model, 3, photo);
        application = SourceFixtures.open(workspace.resolve("data"), model, Map.of(
                "LEDGERLENS_S3_BUCKET", "receipts", "LEDGERLENS_S3_ENDPOINT", endpoint().toString(),
                "LEDGERLENS_S3_AFTER", "keep", "LEDGERLENS_WATCH_POLL", "200ms", "LEDGERLENS_HTTP_PORT", "0",
                "AWS_ACCESS_KEY_ID", ACCESS_KEY, "AWS_SECRET_ACCESS_KEY", SECRET_KEY));
        RunTracker tracker = new RunTracker();
        try (WatchRun watch = WatchRun.start(application, SourceKind.S3, null, null, tracker)) {
            s3.putObject(request -> request.bucket("receipts").key("inbox/kept.png"), RequestBody.fromBytes(photo));

            // (S3Proxy answers 501 to object tagging, so keep stands in for tag here)
            await().atMost(Duration.ofSeconds(30)).until(() -> tracker.summary().stored() == 1);
            assertThat(count(application, "select count(*) from extractions")).isEqualTo(1);
            // listed again on every poll (200 ms), but not read again
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
                    .until(() -> tracker.summary().documents() == 1);

            HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + watch.httpPort().orElseThrow() + "/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).contains("s3://receipts");
        }
        // the object stays where it was
        assertThat(keys("inbox/")).containsExactly("inbox/kept.png");
        assertThat(count(application, "select count(*) from extractions")).isEqualTo(1);
    }

    private List<String> keys(String prefix) {
        return s3.listObjectsV2(request -> request.bucket("receipts").prefix(prefix)).contents().stream()
                .map(S3Object::key).toList();
    }
}
