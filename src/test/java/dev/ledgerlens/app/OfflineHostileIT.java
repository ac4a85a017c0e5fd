package dev.ledgerlens.app;

import dev.ledgerlens.ingest.InputDisposition;
import dev.ledgerlens.config.ConfigSource;
import dev.ledgerlens.testing.HostileCorpus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.Properties;

import javax.imageio.ImageIO;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hostile kinds whose outcome depends on the engine, with the offline engine (real Tesseract): a blank PDF page
 * and a blank photo have no text to read; an upside-down scan is read turned, never stored as garbage.
 */
class OfflineHostileIT {
    @TempDir
    static Path workspace;
    static Application application;
    static RunTracker.Summary summary;

    @BeforeAll
    static void run() throws IOException {
        Path inbox = Files.createDirectories(workspace.resolve("inbox"));
        Files.write(inbox.resolve("blank.pdf"), HostileCorpus.blankPdf());
        BufferedImage white = new BufferedImage(800, 1100, BufferedImage.TYPE_INT_RGB);
        Graphics2D graphics = white.createGraphics();
        graphics.setColor(Color.WHITE);
        graphics.fillRect(0, 0, 800, 1100);
        graphics.dispose();
        ImageIO.write(white, "png", inbox.resolve("blank-photo.png").toFile());
        Files.write(inbox.resolve("upside-down.png"), HostileCorpus.upsideDown(7));
        application = Application.open(new ConfigSource(new Properties(), Map.of(
                "LEDGERLENS_DATA_DIR", workspace.resolve("data").toString(),
                "LEDGERLENS_ENGINE", "offline",
                "LEDGERLENS_CONCURRENCY", "2")));
        summary = new BatchRun(application).run(inbox, InputDisposition.After.KEEP, new RunTracker(), null);
    }

    @AfterAll
    static void stop() {
        if (application != null) {
            application.close();
        }
    }

    @Test
    void blankPagesAreDeadLetteredAsOcrFailed() throws SQLException {
        assertThat(reasonOf("blank.pdf")).isEqualTo("OCR_FAILED");
        assertThat(reasonOf("blank-photo.png")).isEqualTo("OCR_FAILED");
    }

    @Test
    void anUpsideDownScanIsReadTurnedAndStoredWithWhatItPrints() throws SQLException {
        // Tesseract reads a 180° page as noise; the engine finds too few words it is sure of, reads the page turned,
        // and keeps the turn that reads (receipt 7 prints TOTAL 10.07 and DATE 2026-08-08)
        assertThat(reasonOf("upside-down.png")).as("dead letter of the upside-down scan").isNull();
        assertThat(statusOf("upside-down.png")).isEqualTo("valid");
        assertThat(single("select e.total::text from documents d join extractions e on e.id = d.current_extraction"
                + " where d.file_name = ?", "upside-down.png")).isEqualTo("10.07");
        assertThat(single("select e.document_date::text from documents d join extractions e on e.id = d.current_extraction"
                + " where d.file_name = ?", "upside-down.png")).isEqualTo("2026-08-08");
        assertThat(summary.documents()).isEqualTo(3);
        assertThat(summary.deadLettered()).isEqualTo(2);
    }

    private static String reasonOf(String fileName) throws SQLException {
        return single("select reason from dead_letters where file_name = ?", fileName);
    }

    private static String statusOf(String fileName) throws SQLException {
        return single("select status from documents where file_name = ?", fileName);
    }

    private static String single(String sql, String parameter) throws SQLException {
        try (Connection connection = application.database().dataSource().getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, parameter);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? rows.getString(1) : null;
            }
        }
    }
}
