package dev.ledgerlens.ingest;

import dev.ledgerlens.app.Application;
import dev.ledgerlens.app.BatchRun;
import dev.ledgerlens.app.RunTracker;
import dev.ledgerlens.testing.FakeOpenAiServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import static dev.ledgerlens.ingest.SourceFixtures.count;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Several instances (each its own CamelContext, claims and workers) on one folder and one database, and a
 * claim left behind by an instance that died.
 */
class SharedFolderIT {
    @TempDir
    Path workspace;
    FakeOpenAiServer model;
    Application application;
    Path inbox;

    @BeforeEach
    void start() throws IOException {
        model = FakeOpenAiServer.start().latency(Duration.ofMillis(20));
        inbox = Files.createDirectories(workspace.resolve("inbox"));
    }

    @AfterEach
    void stop() {
        if (application != null) {
            application.close();
        }
        model.close();
    }

    @Test
    void threeInstancesOnOneFolderStoreEachOf200DocumentsExactlyOnce() throws Exception {
        // the shipped claim timing (30 s, refreshed every 10 s): on two busy cores a claim refreshed late is
        // what a shorter maximum age would mistake for a dead instance's
        application = SourceFixtures.open(workspace.resolve("data"), model, Map.of());
        for (int number = 0; number < 200; number++) {
            byte[] photo = SourceFixtures.receiptPhoto(number);
            SourceFixtures.teach(model, number, photo);
            Files.write(inbox.resolve("receipt " + number + ".png"), photo);
        }

        List<RunTracker.Summary> summaries = new ArrayList<>();
        ExecutorService instances = Executors.newFixedThreadPool(3);
        try {
            List<Future<RunTracker.Summary>> runs = new ArrayList<>();
            for (int instance = 0; instance < 3; instance++) {
                runs.add(instances.submit(() ->
                        new BatchRun(application).run(inbox, InputDisposition.After.MOVE, new RunTracker(), null)));
            }
            for (Future<RunTracker.Summary> run : runs) {
                summaries.add(run.get());
            }
        } finally {
            instances.shutdownNow();
        }

        assertThat(count(application, "select count(*) from documents")).isEqualTo(200);
        assertThat(count(application, "select count(*) from documents where status in ('valid', 'needs_review')"))
                .isEqualTo(200);
        assertThat(count(application, "select count(*) from extractions")).as("one extraction per document").isEqualTo(200);
        assertThat(count(application, "select count(*) from (select document_id from extractions group by document_id"
                + " having count(*) > 1) twice")).isZero();
        assertThat(count(application, "select count(*) from dead_letters")).isZero();
        assertThat(model.requestCount()).as("the model was asked once per document").isEqualTo(200);
        assertThat(summaries.stream().mapToLong(RunTracker.Summary::stored).sum()).isEqualTo(200);
        assertThat(summaries).filteredOn(summary -> summary.stored() > 0).as("instances that did work").hasSizeGreaterThan(1);
        assertThat(count(application, "select count(*) from camel_messageprocessed")).as("claims released").isZero();
        try (Stream<Path> left = Files.list(inbox); Stream<Path> done = Files.list(workspace.resolve("done"))) {
            assertThat(left).isEmpty();
            assertThat(done).hasSize(200);
        }
    }

    @Test
    void aClaimLeftByADeadInstanceIsTakenOverOnceItExpires() throws Exception {
        application = SourceFixtures.open(workspace.resolve("data"), model,
                Map.of("LEDGERLENS_CLAIMS_MAX_AGE", "3s", "LEDGERLENS_CLAIMS_KEEP_ALIVE", "1s"));
        byte[] photo = SourceFixtures.receiptPhoto(7);
        SourceFixtures.teach(model, 7, photo);
        Path file = Files.write(inbox.resolve("réçu 7.png"), photo);
        // what a killed instance leaves: its claim on the file, and the document claimed but not finished
        long claimed = System.nanoTime();
        String key = "file:" + file.toAbsolutePath() + "-" + Files.size(file) + "-"
                + Files.getLastModifiedTime(file).toMillis();
        try (Connection connection = application.database().dataSource().getConnection();
             PreparedStatement claim = connection.prepareStatement(
                     "insert into camel_messageprocessed (processorName, messageId, createdAt) values (?, ?, ?)")) {
            claim.setString(1, SourceClaims.PROCESSOR_NAME);
            claim.setString(2, key);
            claim.setTimestamp(3, new Timestamp(System.currentTimeMillis()));
            claim.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        application.claims().claim(new SourceDocument(SourceFixtures.sha256(photo), "file:" + file, file.getFileName().toString(),
                photo.length, file));

        RunTracker.Summary summary = new BatchRun(application).run(inbox, InputDisposition.After.MOVE, new RunTracker(), null);
        Duration took = Duration.ofNanos(System.nanoTime() - claimed);

        assertThat(summary.stored()).isEqualTo(1);
        // the claim expires 3 s (ledgerlens.claims.max-age) after it was taken, give or take the timestamp's rounding
        assertThat(took).as("waited for the dead instance's claim to expire").isGreaterThanOrEqualTo(Duration.ofMillis(2900))
                .as("and no longer than needed").isLessThan(Duration.ofSeconds(15));
        assertThat(count(application, "select count(*) from documents where status = 'processing'")).isZero();
        assertThat(count(application, "select count(*) from extractions")).isEqualTo(1);
        assertThat(count(application, "select count(*) from camel_messageprocessed")).isZero();
        assertThat(workspace.resolve("done").resolve("réçu 7.png")).exists();
    }
}
