package dev.ledgerlens.review;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ledgerlens.app.Application;
import dev.ledgerlens.app.BatchRun;
import dev.ledgerlens.app.RunTracker;
import dev.ledgerlens.config.ConfigSource;
import dev.ledgerlens.ingest.InputDisposition;
import dev.ledgerlens.testing.FakeOpenAiServer;
import dev.ledgerlens.testing.FakeOpenAiServer.Reply;
import dev.ledgerlens.testing.Golden;
import dev.ledgerlens.testing.Rows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * A data directory as a nightly run leaves it, for the review tests: the real application on its embedded PostgreSQL
 * ran the vision engine (against {@link FakeOpenAiServer}) over four samples:
 * <ul>
 *   <li>{@value #DINER}: the model read its total as 59.56 where 49.56 is printed: {@code needs_review}
 *       ({@code total_equals_parts}, {@code total_grounded});</li>
 *   <li>{@value #HARDWARE}: the vendor came back as {@value #XSS} and the total as 33.81: {@code needs_review};</li>
 *   <li>{@value #INVOICE}: read right: {@code valid};</li>
 *   <li>{@value #TRUNCATED}: a damaged PDF: a dead letter.</li>
 * </ul>
 */
final class ReviewWorkspace implements AutoCloseable {
    static final String DINER = "receipt-usd-diner.pdf";
    static final String HARDWARE = "receipt-gbp-hardware.pdf";
    static final String INVOICE = "invoice-usd-1page.pdf";
    static final String TRUNCATED = "truncated.pdf";
    static final String XSS = "<script>alert(1)</script>";

    final FakeOpenAiServer model;
    final Application application;
    final Rows rows;

    private ReviewWorkspace(FakeOpenAiServer model, Application application) {
        this.model = model;
        this.application = application;
        this.rows = new Rows(application.database().dataSource());
    }

    static ReviewWorkspace create(Path workspace) throws IOException {
        FakeOpenAiServer model = FakeOpenAiServer.start();
        Application application = Application.open(new ConfigSource(new Properties(), Map.of(
                "LEDGERLENS_DATA_DIR", workspace.resolve("data").toString(),
                "LEDGERLENS_ENGINE", "openai",
                "OPENAI_BASE_URL", model.baseUrl(),
                "OPENAI_API_KEY", "test",
                "LEDGERLENS_CONCURRENCY", "2")));
        model.when(sha(sample(DINER)), Reply.json(fields(DINER).put("total", "59.56").toString()))
                .when(sha(sample(HARDWARE)), Reply.json(fields(HARDWARE).put("store_name", XSS).put("total", "33.81").toString()))
                .when(sha(sample(INVOICE)), Reply.json(fields(INVOICE).toString()));
        Path inbox = Files.createDirectories(workspace.resolve("inbox"));
        for (String name : List.of(DINER, HARDWARE, INVOICE, TRUNCATED)) {
            Files.copy(sample(name), inbox.resolve(name));
        }
        new BatchRun(application).run(inbox, InputDisposition.After.KEEP, new RunTracker(), null);
        return new ReviewWorkspace(model, application);
    }

    long idOf(String fileName) {
        return ((Number) rows.one("select id from documents where file_name = ?", fileName).get("id")).longValue();
    }

    String statusOf(String fileName) {
        return (String) rows.one("select status from documents where file_name = ?", fileName).get("status");
    }

    long letterOf(String fileName) {
        return ((Number) rows.one("select max(id) as id from dead_letters where file_name = ? and replayed_at is null",
                fileName).get("id")).longValue();
    }

    @Override
    public void close() {
        application.close();
        model.close();
    }

    static Path sample(String fileName) {
        return Golden.samplesDir().resolve(fileName);
    }

    private static ObjectNode fields(String fileName) {
        return Golden.samples().stream().filter(s -> s.fileName().equals(fileName)).findFirst().orElseThrow()
                .fields().deepCopy();
    }

    private static String sha(Path file) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (IOException | NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
