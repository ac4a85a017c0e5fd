package dev.ledgerlens.app;

import dev.ledgerlens.ingest.InputDisposition;
import dev.ledgerlens.config.ConfigSource;
import dev.ledgerlens.testing.FakeOpenAiServer;
import dev.ledgerlens.testing.HostileCorpus;
import dev.ledgerlens.testing.HostileCorpus.Entry;
import dev.ledgerlens.testing.HostileCorpus.Outcome;
import dev.ledgerlens.testing.LedgerlensProcess;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Drops every kind of hostile input the {@link HostileCorpus} generates into one inbox and runs the real application
 * over it once (embedded PostgreSQL, the OpenAI engine against {@link FakeOpenAiServer}). The run must finish, and
 * each input must end exactly as the corpus says: a dead letter with its reason, a stored record with its status,
 * or (by design) not taken; no document may be stored or dead-lettered twice, none may stay 'processing'.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostileInputsIT {
    /** Not shaped like an OpenAI key, so only exact redaction (not the sk-… pattern) can keep it out. */
    static final String API_KEY = "hostile-test-secret-7f3a9c2e51";

    @TempDir
    static Path workspace;
    static FakeOpenAiServer model;
    static Application application;
    static List<Entry> corpus;
    static RunTracker.Summary summary;
    static long runMillis;
    /** Every log event of the run, as an operator's log file would have them. */
    static final ListAppender<ILoggingEvent> LOGS = new ListAppender<>();

    @BeforeAll
    static void runOverTheCorpus() {
        Path inbox = workspace.resolve("inbox");
        corpus = HostileCorpus.write(inbox, workspace.resolve("elsewhere"), API_KEY);
        model = FakeOpenAiServer.start();
        for (Entry entry : corpus) {
            if (entry.reply() != null) {
                model.when(entry.sha256(), entry.reply());
            }
        }
        application = Application.open(new ConfigSource(new Properties(), Map.of(
                "LEDGERLENS_DATA_DIR", workspace.resolve("data").toString(),
                "LEDGERLENS_ENGINE", "openai",
                "OPENAI_API_KEY", API_KEY,
                "OPENAI_BASE_URL", model.baseUrl(),
                "LEDGERLENS_CONCURRENCY", "4",
                // every model fault here is PERMANENT: a retry would only slow the test down
                "LEDGERLENS_OPENAI_MAX_RETRIES", "0",
                "LEDGERLENS_OPENAI_TIMEOUT", "20s",
                "LEDGERLENS_RENDER_TIMEOUT", "30s")));
        LOGS.start();
        rootLogger().addAppender(LOGS);
        long start = System.nanoTime();
        try {
            summary = new BatchRun(application).run(inbox, InputDisposition.After.KEEP, new RunTracker(), null);
        } finally {
            rootLogger().detachAppender(LOGS);
        }
        runMillis = (System.nanoTime() - start) / 1_000_000;
    }

    private static ch.qos.logback.classic.Logger rootLogger() {
        return (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
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
    void theCorpusHasAtLeastThirtyKinds() {
        System.out.printf("hostile corpus: %d kinds, run took %d ms, %d stored, %d dead-lettered %s%n", corpus.size(),
                runMillis, summary.stored(), summary.deadLettered(), summary.deadLetterReasons());
        assertThat(corpus).hasSizeGreaterThanOrEqualTo(30);
    }

    @Test
    void everyHostileInputEndsExactlyAsExpected() throws SQLException {
        StringBuilder differences = new StringBuilder();
        for (Entry entry : corpus) {
            String actual = outcomeOf(entry);
            String expected = describe(entry.expected());
            boolean matches = entry.expected() instanceof Outcome.SameAs same
                    ? actual.equals("stored once as " + entry.fileName()) || actual.equals("stored once as " + same.otherFileName())
                    : actual.equals(expected);
            if (!matches) {
                differences.append(String.format("%-70s %-28s expected %s, got %s%n",
                        entry.kind(), entry.fileName(), expected, actual));
            }
        }
        assertThat(differences.toString()).as("inputs that did not end as expected (run took %d ms)", runMillis).isEmpty();
    }

    @Test
    void noDocumentIsStoredOrDeadLetteredTwiceAndNoneIsLeftProcessing() throws SQLException {
        assertThat(rows("select sha256 from dead_letters where sha256 is not null group by sha256 having count(*) > 1"))
                .as("documents dead-lettered twice").isEmpty();
        assertThat(rows("select file_name from dead_letters group by file_name having count(*) > 1"))
                .as("inputs dead-lettered twice").isEmpty();
        assertThat(rows("select file_name from documents where status = 'processing'")).as("left processing").isEmpty();
        // a document is either a record or a dead letter, never both
        assertThat(rows("select d.file_name from documents d join dead_letters l on l.sha256 = d.sha256"
                + " where d.status not in ('dead_lettered')")).as("stored and dead-lettered").isEmpty();
        long taken = corpus.stream().filter(e -> !(e.expected() instanceof Outcome.NotTaken)).count();
        assertThat(summary.documents()).as("documents the run saw").isEqualTo(taken);
        assertThat(summary.stored() + summary.deadLettered() + summary.alreadyKnown()).isEqualTo(summary.documents());
    }

    @Test
    void theSymlinkOutOfTheFolderWasNeitherKeptNorSentToTheModel() throws SQLException {
        Entry outward = corpus.stream().filter(e -> e.fileName().equals("link-outside.png")).findFirst().orElseThrow();
        assertThat(application.originals().contains(outward.sha256())).as("original kept").isFalse();
        assertThat(model.requests()).as("requests about it")
                .noneMatch(request -> outward.sha256().equals(request.header("x-ledgerlens-document")));
    }

    @Test
    void noEInvoiceNorAnyHostileXmlWasSentToTheModel() throws SQLException {
        List<String> xmlOrEInvoices = corpus.stream().filter(e -> e.sha256() != null
                && (e.fileName().endsWith(".xml") || e.fileName().contains("facturx"))).map(Entry::sha256).toList();
        assertThat(xmlOrEInvoices).hasSizeGreaterThanOrEqualTo(8);
        assertThat(model.requests()).as("model requests about e-invoices and XML")
                .noneMatch(request -> xmlOrEInvoices.contains(request.header("x-ledgerlens-document")));
        assertThat(rows("select e.engine from documents d join extractions e on e.id = d.current_extraction"
                + " where d.file_name in ('facturx.pdf', 'credit-note.xml')")).containsOnly("einvoice").hasSize(2);
    }

    @Test
    void theOversizedFileWasNeverCopied() throws Exception {
        try (var kept = Files.walk(application.settings().originalsDir())) {
            assertThat(kept.filter(Files::isRegularFile).mapToLong(HostileInputsIT::size).max().orElse(0))
                    .isLessThan(HostileCorpus.OVERSIZED_BYTES / 10);
        }
    }

    @Test
    void aTwoMegabyteAnswerLeavesOnlyAPreviewInTheDeadLetter() throws SQLException {
        assertThat(rows("select length(model_answers::text) from dead_letters where file_name = 'two-megabytes.png'"))
                .singleElement().satisfies(length -> assertThat(Integer.parseInt(length)).isLessThan(10_000));
    }

    @Test
    void theApiKeyEchoedByTheServerIsNotInTheLogTheDatabaseNorDlqOutput() throws Exception {
        StringBuilder everything = new StringBuilder();
        for (String table : List.of("documents", "pages", "extractions", "line_items", "tax_lines", "dead_letters")) {
            everything.append(rows("select t::text from " + table + " t"));
        }
        assertThat(everything.toString()).as("database rows").contains("echo-key.png").doesNotContain(API_KEY);
        StringBuilder logged = new StringBuilder();
        for (ILoggingEvent event : LOGS.list) {
            logged.append(event.getFormattedMessage()).append('\n');
            for (IThrowableProxy cause = event.getThrowableProxy(); cause != null; cause = cause.getCause()) {
                logged.append(cause.getMessage()).append('\n');
            }
        }
        assertThat(logged.toString()).as("the run's log").contains("echo-key.png").doesNotContain(API_KEY);

        LedgerlensProcess cli = new LedgerlensProcess(Map.of(
                "LEDGERLENS_DATA_DIR", workspace.resolve("data").toString(),
                "LEDGERLENS_ENGINE", "openai",
                "OPENAI_API_KEY", API_KEY,
                "OPENAI_BASE_URL", model.baseUrl()));
        String echoed = rows("select id::text from dead_letters where file_name = 'echo-key.png'").get(0);
        LedgerlensProcess.Result show = cli.run("dlq", "show", echoed);
        assertThat(show.exitCode()).as(show.output()).isZero();
        assertThat(show.output()).contains("INTERNAL_ERROR", "HTTP 400").doesNotContain(API_KEY);
        LedgerlensProcess.Result list = cli.run("dlq", "list", "--json");
        assertThat(list.exitCode()).as(list.output()).isZero();
        assertThat(list.output()).contains("two-megabytes.png").doesNotContain(API_KEY);
    }

    /** Last: it runs the pipeline over the same inbox again (the nightly case with the default 'keep'). */
    @Test
    @Order(Integer.MAX_VALUE)
    void aSecondRunOverTheSameFilesStoresNothingAndOnlyReDeadLettersFilesWithoutAnIdentity() throws SQLException {
        List<String> documentsBefore = rows("select sha256 || status from documents order by sha256");
        long lettersBefore = Long.parseLong(rows("select count(*) from dead_letters").get(0));

        RunTracker.Summary second = new BatchRun(application).run(workspace.resolve("inbox"), InputDisposition.After.KEEP,
                new RunTracker(), null);

        assertThat(rows("select sha256 || status from documents order by sha256")).isEqualTo(documentsBefore);
        assertThat(second.stored()).isZero();
        // files refused before they were read have no SHA-256 to be remembered by: the oversized files and the link
        // out of the folder are dead-lettered again on every run that keeps them in the inbox ('move' sets them aside)
        assertThat(rows("select file_name from dead_letters order by id offset " + lettersBefore))
                .containsExactlyInAnyOrder("oversized.pdf", "giant-invoice.xml", "link-outside.png");
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** What became of an input, in the words {@link #describe} uses. */
    static String outcomeOf(Entry entry) throws SQLException {
        List<String> letters = rows("select reason from dead_letters where file_name = ?", entry.fileName());
        List<String> stored = rows("select status from documents where file_name = ? and status <> 'dead_lettered'",
                entry.fileName());
        if (entry.expected() instanceof Outcome.SameAs) {
            List<String> names = rows("select file_name from documents where sha256 = ?", entry.sha256());
            return names.size() == 1 ? "stored once as " + names.get(0) : "stored " + names.size() + " times: " + names;
        }
        if (letters.isEmpty() && stored.isEmpty()) {
            return "not taken";
        }
        if (letters.size() == 1 && stored.isEmpty()) {
            return "dead letter " + letters.get(0);
        }
        if (letters.isEmpty() && stored.size() == 1) {
            return "stored as " + stored.get(0);
        }
        return "dead letters " + letters + " and records " + stored;
    }

    static String describe(Outcome outcome) {
        if (outcome instanceof Outcome.DeadLettered letter) {
            return "dead letter " + letter.reason().name();
        }
        if (outcome instanceof Outcome.Stored stored) {
            return "stored as " + stored.status();
        }
        if (outcome instanceof Outcome.SameAs same) {
            return "stored once as either name (" + same.otherFileName() + ")";
        }
        return "not taken";
    }

    static List<String> rows(String sql, Object... parameters) throws SQLException {
        try (Connection connection = application.database().dataSource().getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            List<String> values = new ArrayList<>();
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    values.add(result.getString(1));
                }
            }
            return values;
        }
    }
}
