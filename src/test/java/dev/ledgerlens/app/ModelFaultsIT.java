package dev.ledgerlens.app;

import dev.ledgerlens.ingest.InputDisposition;
import dev.ledgerlens.config.ConfigSource;
import dev.ledgerlens.testing.FakeOpenAiServer;
import dev.ledgerlens.testing.FakeOpenAiServer.Reply;
import dev.ledgerlens.testing.HostileCorpus;
import dev.ledgerlens.testing.LedgerlensProcess;
import dev.ledgerlens.testing.LedgerlensProcess.Result;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A batch of small generated receipts against a model that fails a fifth of its requests (429 with Retry-After,
 * 500, 503, a dropped connection, a 30 s stall): every document must end stored or dead-lettered with a TRANSIENT
 * reason, none twice; {@code ledgerlens dlq replay} (the real command, in a child JVM on the same data directory)
 * must then store every dead-lettered one once the model is healthy; and the API key must appear nowhere in the
 * database, the output of {@code dlq replay} or the exports.
 *
 * <p>200 documents by default (about a minute here); {@code stress/model-faults.sh} runs 1,000 with
 * {@code -Dledgerlens.faults.documents=1000}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ModelFaultsIT {
    static final String API_KEY = "faults-test-secret-19d0c4b7aa";
    static final int DOCUMENTS = Integer.getInteger("ledgerlens.faults.documents", 200);
    static final double FAILURE_FRACTION = 0.2;

    @TempDir
    static Path workspace;
    static FakeOpenAiServer model;
    static Application application;
    static RunTracker.Summary summary;
    static long runMillis;
    static Map<String, String> environment;

    @BeforeAll
    static void runTheBatch() throws IOException {
        Path inbox = workspace.resolve("inbox");
        Files.createDirectories(inbox);
        model = FakeOpenAiServer.start();
        for (int receipt = 1; receipt <= DOCUMENTS; receipt++) {
            byte[] png = HostileCorpus.receiptPng(receipt);
            Files.write(inbox.resolve(String.format("receipt-%04d.png", receipt)), png);
            model.when(HostileCorpus.sha256(png), Reply.json(HostileCorpus.answerFor(receipt)));
        }
        model.randomFailures(FAILURE_FRACTION, 42,
                Reply.rateLimited(Duration.ofMillis(200)),
                Reply.serverError(),
                Reply.serviceUnavailable(),
                Reply.connectionReset(),
                Reply.stall(Duration.ofSeconds(30)));
        environment = Map.of(
                "LEDGERLENS_DATA_DIR", workspace.resolve("data").toString(),
                "LEDGERLENS_ENGINE", "openai",
                "OPENAI_API_KEY", API_KEY,
                "OPENAI_BASE_URL", model.baseUrl(),
                "LEDGERLENS_CONCURRENCY", "8",
                // a 30 s stall is given up after 2 s; one SDK retry and no Camel redelivery leave about 4%
                // (0.2 × 0.2) of the documents dead-lettered as TRANSIENT, for the replay to pick up
                "LEDGERLENS_OPENAI_TIMEOUT", "2s",
                "LEDGERLENS_OPENAI_MAX_RETRIES", "1",
                "LEDGERLENS_REDELIVERY_MAX", "0");
        application = Application.open(new ConfigSource(new Properties(), environment));
        long start = System.nanoTime();
        summary = new BatchRun(application).run(inbox, InputDisposition.After.KEEP, new RunTracker(), null);
        runMillis = (System.nanoTime() - start) / 1_000_000;
    }

    @AfterAll
    static void stop() {
        if (application != null) {
            application.close();
        }
        if (model != null) {
            model.close();
        }
    }

    @Test
    @Order(1)
    void everyDocumentEndsStoredOrDeadLetteredAsTransientAndNoneTwice() throws SQLException {
        System.out.printf("model faults: %d documents in %d ms, %d requests, injected %s, stored %d, dead-lettered %d %s%n",
                DOCUMENTS, runMillis, model.requestCount(), model.injectedFailures(), summary.stored(),
                summary.deadLettered(), summary.deadLetterReasons());
        assertThat(summary.documents()).isEqualTo(DOCUMENTS);
        assertThat(model.injectedFailures().values().stream().mapToInt(Integer::intValue).sum())
                .as("failures injected").isGreaterThan(DOCUMENTS / 10);
        assertThat(count("select count(*) from documents")).isEqualTo(DOCUMENTS);
        assertThat(count("select count(*) from documents where status = 'valid'")
                + count("select count(*) from dead_letters where replayed_at is null"))
                .as("stored + dead-lettered").isEqualTo(DOCUMENTS);
        assertThat(count("select count(*) from documents where status = 'valid'")).isEqualTo(summary.stored());
        assertThat(count("select count(*) from (select sha256 from dead_letters group by sha256 having count(*) > 1) t"))
                .as("dead-lettered twice").isZero();
        assertThat(count("select count(*) from extractions")).as("one extraction per stored document")
                .isEqualTo(summary.stored());
        assertThat(summary.deadLetterReasons().keySet())
                .isSubsetOf("MODEL_RATE_LIMITED", "MODEL_UNAVAILABLE", "MODEL_TIMEOUT");
    }

    @Test
    @Order(2)
    void dlqReplayStoresTheTransientFailuresOnceTheModelIsHealthy() throws Exception {
        long dead = count("select count(*) from dead_letters where replayed_at is null");
        model.randomFailures(0, 1);

        Result replay = ledgerlens("dlq", "replay", "--all");

        assertThat(replay.exitCode()).as(replay.output()).isZero();
        assertThat(count("select count(*) from documents where status = 'valid'")).as(replay.output())
                .isEqualTo(DOCUMENTS);
        assertThat(count("select count(*) from dead_letters where replayed_at is null")).isZero();
        assertThat(count("select count(*) from dead_letters where replayed_at is not null")).isEqualTo(dead);
        assertThat(count("select count(*) from extractions")).as("one extraction per document").isEqualTo(DOCUMENTS);
        assertThat(replay.output()).doesNotContain(API_KEY);
    }

    @Test
    @Order(3)
    void theApiKeyIsNotInTheDatabaseOrTheExports() throws Exception {
        StringBuilder everything = new StringBuilder();
        for (String table : List.of("documents", "pages", "extractions", "line_items", "tax_lines", "dead_letters")) {
            everything.append(rows("select t::text from " + table + " t"));
        }
        assertThat(everything).as("database rows").isNotEmpty();
        assertThat(everything.toString()).as("database rows").doesNotContain(API_KEY);

        for (String format : List.of("csv", "jsonl", "quickbooks", "xero")) {
            Path file = workspace.resolve("export-" + format + "." + (format.equals("jsonl") ? "jsonl" : "csv"));
            Result export = ledgerlens("export", "--format", format, "--output", file.toString());
            assertThat(export.exitCode()).as(export.output()).isZero();
            StringBuilder text = new StringBuilder();
            try (java.util.stream.Stream<Path> files = Files.list(workspace)) {
                // the bill formats name their files after the output: export-xero-tax-exclusive.csv
                for (Path written : files.filter(path -> path.getFileName().toString().startsWith("export-" + format))
                        .sorted().toList()) {
                    text.append(Files.readString(written, StandardCharsets.UTF_8));
                }
            }
            String exported = text.toString();
            assertThat(exported).as(format).contains("Hostile Shop").doesNotContain(API_KEY);
            assertThat(export.output()).doesNotContain(API_KEY);
        }
    }

    static Result ledgerlens(String... arguments) throws IOException, InterruptedException {
        return new LedgerlensProcess(environment).run(arguments);
    }

    static long count(String sql) throws SQLException {
        return Long.parseLong(rows(sql).get(0));
    }

    static List<String> rows(String sql) throws SQLException {
        try (Connection connection = application.database().dataSource().getConnection();
             PreparedStatement statement = connection.prepareStatement(sql);
             ResultSet result = statement.executeQuery()) {
            List<String> values = new ArrayList<>();
            while (result.next()) {
                values.add(result.getString(1));
            }
            return values;
        }
    }
}
