package dev.ledgerlens.ingest;

import dev.ledgerlens.app.Application;
import dev.ledgerlens.config.ConfigSource;
import dev.ledgerlens.testing.FakeOpenAiServer;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Properties;

/**
 * Distinct small receipt photos, a fake model that reads each one as a different receipt, and an
 * application wired to both: what the source and operations tests share.
 */
public final class SourceFixtures {
    private SourceFixtures() {
    }

    /** A PNG that differs from every other {@code number}. */
    public static byte[] receiptPhoto(int number) {
        BufferedImage image = new BufferedImage(160, 220, BufferedImage.TYPE_INT_RGB);
        Graphics2D graphics = image.createGraphics();
        graphics.setColor(Color.WHITE);
        graphics.fillRect(0, 0, 160, 220);
        graphics.setColor(Color.BLACK);
        graphics.drawString("SHOP " + number, 10, 20);
        graphics.drawString("TOTAL " + total(number), 10, 60);
        graphics.dispose();
        try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            ImageIO.write(image, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Teaches the fake model to read receipt {@code number} (one answer per document, by SHA-256). */
    public static void teach(FakeOpenAiServer model, int number, byte[] bytes) {
        String fields = FakeOpenAiServer.EMPTY_FIELDS
                .replace("\"store_name\":null", "\"store_name\":\"SHOP " + number + "\"")
                .replace("\"date\":null", "\"date\":\"2026-11-20\"")
                .replace("\"total\":null", "\"total\":\"" + total(number) + "\"")
                .replace("\"currency\":null", "\"currency\":\"USD\"");
        model.when(sha256(bytes), FakeOpenAiServer.Reply.json(fields));
    }

    private static String total(int number) {
        return (10 + number) + "." + String.format("%02d", number % 100);
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The real application on its own embedded PostgreSQL, extracting with the fake model. */
    public static Application open(Path dataDir, FakeOpenAiServer model, Map<String, String> more) {
        Map<String, String> environment = new HashMap<>(Map.of(
                "LEDGERLENS_DATA_DIR", dataDir.toString(),
                "LEDGERLENS_ENGINE", "openai",
                "OPENAI_API_KEY", "sk-test-0123456789",
                "OPENAI_BASE_URL", model.baseUrl(),
                "LEDGERLENS_CONCURRENCY", "4"));
        environment.putAll(more);
        return Application.open(new ConfigSource(new Properties(), environment));
    }

    public static long count(Application application, String sql) {
        try (Connection connection = application.database().dataSource().getConnection();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }
}
