package dev.ledgerlens.app;

import dev.ledgerlens.config.ConfigSource;
import dev.ledgerlens.extract.openai.BatchLine;
import dev.ledgerlens.extract.openai.OpenAiExtractor;
import dev.ledgerlens.extract.openai.OpenAiSettings;
import dev.ledgerlens.extract.openai.RequestLimiter;
import dev.ledgerlens.extract.openai.RunBudget;
import dev.ledgerlens.ingest.SourceDocument;
import dev.ledgerlens.render.DocumentType;
import dev.ledgerlens.render.RenderedDocument;
import dev.ledgerlens.render.RenderedPage;
import dev.ledgerlens.store.BatchRepository;
import dev.ledgerlens.store.ClaimRepository;
import dev.ledgerlens.store.StoredRecords;
import dev.ledgerlens.testing.FakeOpenAiServer;
import dev.ledgerlens.testing.Rows;
import dev.ledgerlens.testing.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Writing and submitting batches against the real schema and the fake Files and Batches API: input files split at
 * their limits (here a few requests or bytes instead of 50,000 and 200 MB), and what a stopped run left half-submitted
 * is finished on the next start, leaving nothing behind at OpenAI.
 */
class BatchSubmitterTest {
    @TempDir
    Path dir;
    private FakeOpenAiServer server;
    private OpenAiExtractor engine;
    private BatchRepository batches;
    private ClaimRepository claims;
    private Rows rows;

    @BeforeEach
    void setUp() throws SQLException {
        TestDatabase.truncate();
        try (Connection connection = TestDatabase.get().dataSource().getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute("truncate openai_batches, batch_requests restart identity cascade");
        }
        server = FakeOpenAiServer.start();
        engine = new OpenAiExtractor(OpenAiSettings.from(new ConfigSource(new Properties(), Map.of(
                "OPENAI_API_KEY", "sk-test-batch", "OPENAI_BASE_URL", server.baseUrl(),
                "LEDGERLENS_OPENAI_MAX_RETRIES", "0"))), RunBudget.unlimited(), RequestLimiter.unlimited());
        batches = new BatchRepository(TestDatabase.get().dataSource());
        claims = new ClaimRepository(TestDatabase.get().dataSource());
        rows = new Rows(TestDatabase.get().dataSource());
    }

    @AfterEach
    void tearDown() {
        engine.close();
        server.close();
    }

    @Test
    void inputFilesSplitAtTheirRequestLimitAndEveryBatchIsSubmitted() throws IOException {
        BatchSubmitter submitter = new BatchSubmitter(engine, batches, dir.resolve("batches"), "gpt-4.1-mini", 2, Long.MAX_VALUE);
        for (int i = 0; i < 5; i++) {
            submitter.add(claim(i), document(i), null);
        }
        assertThat(rows.count("select count(*) from documents where status = 'processing'")).as("not before the batch exists")
                .isEqualTo(5);
        RunTracker tracker = new RunTracker();

        submitter.finish(tracker);

        assertThat(server.batches().all()).hasSize(3);
        assertThat(server.batches().all().stream().map(batch -> server.batches().file(batch.inputFileId()).lines().size()))
                .containsExactly(2, 2, 1);
        assertThat(tracker.batchNotes()).extracting(RunTracker.BatchNote::requests).containsExactly(2L, 2L, 1L);
        assertThat(new StoredRecords(TestDatabase.get().dataSource()).countByStatus())
                .as("what 'ledgerlens status' counts").containsEntry("submitted", 5L).containsEntry("processing", 0L)
                .containsEntry("queued", 0L);
        assertThat(rows.count("select count(*) from openai_batches where state = 'open'")).isEqualTo(3);
        assertThat(rows.count("select count(*) from batch_requests where state = 'submitted'")).isEqualTo(5);
        try (var left = Files.list(dir.resolve("batches"))) {
            assertThat(left.toList()).as("uploaded files are not kept here").isEmpty();
        }
    }

    @Test
    void inputFilesSplitAtTheirSizeLimit() {
        BatchLine probe = engine.batchLine(document(99), "ledgerlens-99-1");
        long oneAndAHalf = probe.json().getBytes(StandardCharsets.UTF_8).length * 3L / 2;
        BatchSubmitter submitter = new BatchSubmitter(engine, batches, dir.resolve("batches"), "gpt-4.1-mini", 50_000, oneAndAHalf);
        for (int i = 0; i < 3; i++) {
            submitter.add(claim(i), document(i), null);
        }
        submitter.finish(new RunTracker());

        assertThat(server.batches().all()).hasSize(3);
        assertThat(server.batches().files()).allSatisfy(file -> assertThat((long) file.content().length).isLessThanOrEqualTo(oneAndAHalf));
    }

    @Test
    void whatAStoppedRunLeftIsFinishedOnTheNextStartAndNothingIsLeftBehindAtOpenAi() throws IOException {
        // four batch files as a killed run may leave them: still being written, sealed, uploading, uploaded
        BatchSubmitter killed = new BatchSubmitter(engine, batches, dir.resolve("batches"), "gpt-4.1-mini", 1, Long.MAX_VALUE);
        List<Long> documents = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            documents.add(claim(i));
            killed.add(documents.get(i), document(i), null); // one request per file: each add seals the one before
        }
        List<BatchRepository.Batch> left = batches.unsubmitted();
        assertThat(left).extracting(BatchRepository.Batch::state).containsExactly("sealed", "sealed", "sealed", "writing");
        BatchRepository.Batch uploading = left.get(1);
        BatchRepository.Batch uploaded = left.get(2);
        // the upload of the second went through before the kill (its id never recorded)
        batches.uploading(uploading.id());
        String orphan = engine.batches().upload(uploading.localFile());
        // the third was uploaded, and its create reached OpenAI but the answer was lost
        batches.uploading(uploaded.id());
        String uploadedId = engine.batches().upload(uploaded.localFile());
        batches.uploaded(uploaded.id(), uploadedId);
        String adopted = engine.batches().create(uploadedId, engine.batchEndpoint(), Map.of()).id();

        new BatchSubmitter(engine, batches, dir.resolve("batches"), "gpt-4.1-mini").recover(new RunTracker());

        assertThat(server.batches().file(orphan)).as("the cut-off upload is deleted").isNull();
        assertThat(server.batches().all()).as("the sealed and uploading files are created, the lost create adopted")
                .hasSize(3);
        assertThat(server.batches().all().stream().filter(batch -> batch.id().equals(adopted))).hasSize(1);
        // every file stored at OpenAI is the input of a batch: no orphan
        assertThat(server.batches().files()).allSatisfy(file -> assertThat(server.batches().all().stream()
                .anyMatch(batch -> batch.inputFileId().equals(file.id()))).as(file.filename()).isTrue());
        assertThat(rows.list("select state from openai_batches order by id").stream().map(row -> row.get("state")))
                .containsExactly("open", "open", "open", "abandoned");
        assertThat(rows.one("select batch_id from openai_batches where id = ?", uploaded.id()).get("batch_id")).isEqualTo(adopted);
        assertThat(rows.one("select status from documents where id = ?", documents.get(3)).get("status"))
                .as("the half-written file's document goes back to the queue").isEqualTo("queued");
        assertThat(new StoredRecords(TestDatabase.get().dataSource()).countByStatus())
                .containsEntry("submitted", 3L).containsEntry("queued", 1L);
        assertThat(Files.exists(left.get(3).localFile())).isFalse();
        assertThat(batches.queued()).singleElement().satisfies(queued -> {
            assertThat(queued.documentId()).isEqualTo(documents.get(3));
            assertThat(queued.reask()).isNull();
        });
    }

    private long claim(int index) {
        String sha = String.format("%064x", index + 1);
        return claims.claim(new SourceDocument(sha, "file:/in/r" + index + ".png", "r" + index + ".png", 10,
                dir.resolve("r" + index + ".png"))).documentId();
    }

    private RenderedDocument document(int index) {
        try {
            BufferedImage image = new BufferedImage(60, 80, BufferedImage.TYPE_INT_RGB);
            image.setRGB(index % 60, 0, 0xffffff);
            Path page = dir.resolve("page-" + index + ".png");
            ImageIO.write(image, "png", page.toFile());
            String sha = String.format("%064x", index + 1);
            SourceDocument source = new SourceDocument(sha, "file:/in/r" + index + ".png", "r" + index + ".png", 10, page);
            return new RenderedDocument(source, DocumentType.PNG, 1,
                    List.of(new RenderedPage(1, page, "image/png", 60, 80, null)));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
