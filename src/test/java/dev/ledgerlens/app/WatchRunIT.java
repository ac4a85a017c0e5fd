package dev.ledgerlens.app;

import dev.ledgerlens.ingest.InputDisposition;
import dev.ledgerlens.ingest.SourceFixtures;
import dev.ledgerlens.testing.FakeOpenAiServer;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.pollconsumer.quartz.QuartzScheduledPollConsumerScheduler;
import org.apache.camel.support.ScheduledPollConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static dev.ledgerlens.ingest.SourceFixtures.count;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code watch} as a service: drop folder, read lock, cron schedule, health and metrics, shutdown. */
class WatchRunIT {
    @TempDir
    Path workspace;
    FakeOpenAiServer model;
    Application application;
    WatchRun watch;
    Path inbox;

    @BeforeEach
    void start() {
        model = FakeOpenAiServer.start();
        inbox = workspace.resolve("inbox");
    }

    @AfterEach
    void stop() {
        if (watch != null) {
            watch.close();
        }
        if (application != null) {
            application.close();
        }
        model.close();
    }

    private WatchRun watch(Map<String, String> environment) {
        Map<String, String> all = new HashMap<>(Map.of("LEDGERLENS_WATCH_POLL", "200ms", "LEDGERLENS_HTTP_PORT", "0",
                "LEDGERLENS_CLAIMS_MAX_AGE", "3s"));
        all.putAll(environment);
        application = SourceFixtures.open(workspace.resolve("data"), model, all);
        watch = WatchRun.start(application, SourceKind.FILE, inbox, InputDisposition.After.MOVE, new RunTracker());
        return watch;
    }

    private byte[] taught(int number) {
        byte[] photo = SourceFixtures.receiptPhoto(number);
        SourceFixtures.teach(model, number, photo);
        return photo;
    }

    /** Camel's own signal that {@code count} files have been through the pipeline (stored or dead-lettered). */
    private NotifyBuilder filesDone(int count) {
        return new NotifyBuilder(watch.pipeline().camelContext()).fromRoute("source-file").whenDone(count).create();
    }

    private static void awaitDone(NotifyBuilder notify, int seconds) {
        assertThat(notify.matches(seconds, TimeUnit.SECONDS)).as("files through the pipeline within %d s", seconds).isTrue();
    }

    private long stored() {
        return count(application, "select count(*) from documents where status in ('valid', 'needs_review')");
    }

    @Test
    void filesInSubFoldersWithSpacesAndNonAsciiNamesAreStoredAndMovedToDoneOrFailed() throws IOException {
        watch(Map.of());
        NotifyBuilder done = filesDone(3);
        Files.createDirectories(inbox.resolve("2026/11 novembre"));
        Files.write(inbox.resolve("2026/11 novembre/reçu n° 1 – café.png"), taught(1));
        Files.write(inbox.resolve("ticket 2.png"), taught(2));
        Files.writeString(inbox.resolve("facture cassée.pdf"), "%PDF-1.7 truncated");

        awaitDone(done, 30);
        assertThat(stored()).isEqualTo(2);
        assertThat(count(application, "select count(*) from dead_letters")).isEqualTo(1);
        assertThat(workspace.resolve("done/2026/11 novembre/reçu n° 1 – café.png")).exists();
        assertThat(workspace.resolve("done/ticket 2.png")).exists();
        assertThat(workspace.resolve("failed/facture cassée.pdf")).exists();
        assertThat(count(application, "select count(*) from documents where file_name = 'reçu n° 1 – café.png'")).isEqualTo(1);
    }

    @Test
    void aFileStillBeingWrittenIsNeverReadHalfWritten() throws Exception {
        watch(Map.of());
        NotifyBuilder done = filesDone(1);
        Files.createDirectories(inbox);
        byte[] photo = taught(3);
        // a slow writer (a scanner on a network share): 12 chunks, 300 ms apart, 3.3 s in all
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            try (OutputStream out = Files.newOutputStream(inbox.resolve("slow scan.png"))) {
                int chunk = photo.length / 12 + 1;
                for (int offset = 0; offset < photo.length; offset += chunk) {
                    out.write(Arrays.copyOfRange(photo, offset, Math.min(photo.length, offset + chunk)));
                    out.flush();
                    TimeUnit.MILLISECONDS.sleep(300);
                }
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });

        writer.get(30, TimeUnit.SECONDS);
        awaitDone(done, 30);
        assertThat(stored()).isEqualTo(1);
        assertThat(count(application, "select count(*) from documents")).as("no half-written version admitted").isEqualTo(1);
        assertThat(count(application, "select count(*) from documents where sha256 = '"
                + SourceFixtures.sha256(photo) + "' and byte_size = " + photo.length)).isEqualTo(1);
        assertThat(count(application, "select count(*) from dead_letters")).isZero();
    }

    @Test
    void aCronScheduleTriggersThePollThatProcessesTheFolder() throws IOException {
        // every 2 seconds: Quartz cron has a seconds field
        watch(Map.of("LEDGERLENS_SCHEDULE", "0/2 * * * * ?"));
        ScheduledPollConsumer consumer = (ScheduledPollConsumer) watch.pipeline().camelContext()
                .getRoute("source-file").getConsumer();
        assertThat(consumer.getScheduler()).isInstanceOf(QuartzScheduledPollConsumerScheduler.class);
        assertThat(((QuartzScheduledPollConsumerScheduler) consumer.getScheduler()).getCron()).isEqualTo("0/2 * * * * ?");

        NotifyBuilder done = filesDone(1);
        Files.write(inbox.resolve("nightly.png"), taught(4));

        awaitDone(done, 20);
        assertThat(stored()).isEqualTo(1);
        assertThat(workspace.resolve("done/nightly.png")).exists();
    }

    @Test
    void healthAndMetricsAnswerOverHttp() throws Exception {
        watch(Map.of());
        NotifyBuilder done = filesDone(1);
        Files.write(inbox.resolve("one.png"), taught(5));
        awaitDone(done, 30);
        assertThat(stored()).isEqualTo(1);
        HttpClient http = HttpClient.newHttpClient();
        String base = "http://127.0.0.1:" + watch.httpPort().orElseThrow();

        HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(base + "/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"status\":\"UP\"", "\"database\"", "\"source\"", "\"model\"");

        HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body())
                .contains("ledgerlens_documents_total{outcome=\"valid\"} 1.0")
                .contains("ledgerlens_pages_total 1.0")
                .contains("ledgerlens_stage_duration_seconds_bucket{stage=\"extract\"")
                .contains("ledgerlens_stage_duration_seconds_count{stage=\"render\"} 1")
                .contains("ledgerlens_queue_depth 0.0")
                .contains("ledgerlens_tokens_total", "ledgerlens_cost_usd_total");

        // the source going away is what an operator must hear about
        Files.move(inbox, workspace.resolve("gone"));
        HttpResponse<String> down = http.send(HttpRequest.newBuilder(URI.create(base + "/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(down.statusCode()).isEqualTo(503);
        assertThat(down.body()).contains("\"status\":\"DOWN\"", "is not a readable folder");
    }

    @Test
    void stoppingAbandonsSlowDocumentsWithinTheTimeoutAndTheNextRunFinishesThem() {
        model.latency(Duration.ofSeconds(20));
        watch(Map.of("LEDGERLENS_SHUTDOWN_TIMEOUT", "1s"));
        byte[] photo = taught(6);
        try {
            Files.write(inbox.resolve("slow model.png"), photo);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> model.requestCount() > 0);

        long started = System.nanoTime();
        watch.close();
        watch = null;
        Duration stopping = Duration.ofNanos(System.nanoTime() - started);
        application.close();
        application = null;

        assertThat(stopping).as("stopped within the 1 s timeout plus Camel's own stop").isLessThan(Duration.ofSeconds(6));
        assertThat(inbox.resolve("slow model.png")).as("an abandoned file stays in the inbox").exists();

        model.latency(Duration.ZERO);
        application = SourceFixtures.open(workspace.resolve("data"), model, Map.of("LEDGERLENS_CLAIMS_MAX_AGE", "3s"));
        RunTracker.Summary next = new BatchRun(application).run(inbox, InputDisposition.After.MOVE, new RunTracker(), null);
        assertThat(next.stored()).isEqualTo(1);
        assertThat(count(application, "select count(*) from documents where status = 'processing'")).isZero();
        assertThat(count(application, "select count(*) from extractions")).isEqualTo(1);
    }
}
