package dev.ledgerlens.testing;

import dev.ledgerlens.store.Database;
import dev.ledgerlens.store.DatabaseSettings;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

/**
 * One real PostgreSQL per test JVM, with the production migrations: the embedded server, or the one
 * named by {@code LEDGERLENS_TEST_DB_URL}. Tests call {@link #truncate()} to start from empty tables.
 */
public final class TestDatabase {
    private static Database database;
    private static Path directory;

    private TestDatabase() {
    }

    public static synchronized Database get() {
        if (database == null) {
            try {
                Path dir = Files.createTempDirectory("ledgerlens-test-db");
                String url = System.getenv("LEDGERLENS_TEST_DB_URL");
                directory = dir;
                // the embedded server also on loopback TCP (with its password): CommitAnswerCutter relays TCP
                DatabaseSettings settings = new DatabaseSettings(Optional.ofNullable(url),
                        System.getenv("LEDGERLENS_TEST_DB_USER"), System.getenv("LEDGERLENS_TEST_DB_PASSWORD"),
                        dir.resolve("postgres"), 16, "127.0.0.1");
                database = Database.open(settings);
                Runtime.getRuntime().addShutdownHook(new Thread(database::close));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return database;
    }

    /** The password of the test database's user: the embedded server's own, or LEDGERLENS_TEST_DB_PASSWORD. */
    public static String password() {
        get();
        if (System.getenv("LEDGERLENS_TEST_DB_URL") != null) {
            return System.getenv("LEDGERLENS_TEST_DB_PASSWORD");
        }
        try {
            return Files.readString(directory.resolve("postgres-password")).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A JDBC URL over loopback TCP to the test database (the embedded server listens there too, with its password). */
    public static String tcpUrl() {
        get();
        if (System.getenv("LEDGERLENS_TEST_DB_URL") != null) {
            return System.getenv("LEDGERLENS_TEST_DB_URL");
        }
        try {
            String port = Files.readAllLines(directory.resolve("postgres/postmaster.pid")).get(3).trim();
            return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Empties every table (keeps the schema). */
    public static void truncate() {
        try (Connection connection = get().dataSource().getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute("truncate documents, pages, extractions, line_items, tax_lines, dead_letters restart identity cascade");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
