package dev.ledgerlens.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.ledgerlens.failure.FailureReason;
import dev.ledgerlens.failure.LedgerlensException;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The PostgreSQL database with the production Flyway migrations applied: an external server when
 * {@code LEDGERLENS_DB_URL} is set, otherwise an embedded PostgreSQL (real binaries from Maven Central)
 * kept in the data directory.
 *
 * <p>The embedded server belongs to the process that started it and stops when that process closes it.
 * A second Ledgerlens process on the same data directory (say {@code status} while {@code watch} runs)
 * attaches to the running server instead of failing. A server orphaned by a killed process is stopped
 * and started afresh, so {@code kill -9} never leaves the data directory unusable.
 *
 * <p>Thread-safe: {@link #dataSource()} is a connection pool.
 */
public final class Database implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Database.class);
    private static final String OWNER_LOCK = "ledgerlens-owner.lock";

    private final HikariDataSource pool;
    private final EmbeddedPostgres embedded;
    private final FileChannel ownerChannel;
    private final FileLock ownerLock;

    private Database(HikariDataSource pool, EmbeddedPostgres embedded, FileChannel ownerChannel, FileLock ownerLock) {
        this.pool = pool;
        this.embedded = embedded;
        this.ownerChannel = ownerChannel;
        this.ownerLock = ownerLock;
    }

    /** Opens (and for the embedded case starts) the database and migrates it to the current schema. */
    public static Database open(DatabaseSettings settings) {
        Database database = settings.embedded() ? openEmbedded(settings) : openExternal(settings);
        try {
            database.migrate();
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
        return database;
    }

    private static Database openExternal(DatabaseSettings settings) {
        HikariConfig config = poolConfig(settings.poolSize());
        config.setJdbcUrl(settings.jdbcUrl().orElseThrow());
        if (settings.user() != null) {
            config.setUsername(settings.user());
        }
        if (settings.password() != null) {
            config.setPassword(settings.password());
        }
        return new Database(createPool(config, settings.jdbcUrl().orElseThrow()), null, null, null);
    }

    private static Database openEmbedded(DatabaseSettings settings) {
        Path directory = settings.embeddedDirectory().toAbsolutePath();
        try {
            Files.createDirectories(directory.getParent());
            FileChannel channel = FileChannel.open(directory.getParent().resolve(OWNER_LOCK),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                channel.close();
                return attachToRunning(settings, directory);
            }
            stopOrphan(directory);
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(directory)
                    .setCleanDataDirectory(false)
                    // these are accounting records: a committed transaction must survive a crash
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("max_connections", "100")
                    .setPGStartupWait(Duration.ofSeconds(60))
                    // the application stops it after the pipeline, in its own shutdown hook; a second hook
                    // racing it would pull the database from under documents still finishing
                    .setRegisterShutdownHook(false)
                    .start();
            HikariConfig config = poolConfig(settings.poolSize());
            config.setDataSource(postgres.getPostgresDatabase());
            LOG.info("embedded PostgreSQL started in {} on port {}", directory, postgres.getPort());
            return new Database(createPool(config, "embedded PostgreSQL"), postgres, channel, lock);
        } catch (IOException | RuntimeException e) {
            if (e instanceof LedgerlensException le) {
                throw le;
            }
            throw new LedgerlensException(FailureReason.CONFIGURATION_INVALID,
                    "cannot start the embedded PostgreSQL in " + directory + ": " + e.getMessage()
                            + " (set LEDGERLENS_DB_URL to use another PostgreSQL)", e);
        }
    }

    /** Another live Ledgerlens process owns the embedded server: use it, never stop it. */
    private static Database attachToRunning(DatabaseSettings settings, Path directory) throws IOException {
        Optional<Integer> port = postmasterPort(directory);
        if (port.isEmpty()) {
            throw new LedgerlensException(FailureReason.CONFIGURATION_INVALID,
                    "the embedded PostgreSQL in " + directory + " is being started by another Ledgerlens process; try again");
        }
        HikariConfig config = poolConfig(Math.min(settings.poolSize(), 4));
        config.setJdbcUrl("jdbc:postgresql://localhost:" + port.get() + "/postgres");
        config.setUsername("postgres");
        LOG.info("attached to the embedded PostgreSQL of another Ledgerlens process on port {}", port.get());
        return new Database(createPool(config, "embedded PostgreSQL on port " + port.get()), null, null, null);
    }

    /** A postmaster whose owning process was killed keeps running; stop it so the directory can be used. */
    private static void stopOrphan(Path directory) throws IOException {
        Path pidFile = directory.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
        if (lines.isEmpty()) {
            return;
        }
        long pid;
        try {
            pid = Long.parseLong(lines.get(0).trim());
        } catch (NumberFormatException e) {
            return;
        }
        Optional<ProcessHandle> orphan = ProcessHandle.of(pid);
        if (orphan.isEmpty()) {
            return; // a stale pid file: PostgreSQL itself copes with it
        }
        LOG.warn("stopping an embedded PostgreSQL (pid {}) left running by a Ledgerlens process that ended abruptly", pid);
        orphan.get().destroy(); // SIGTERM: PostgreSQL's smart shutdown, nothing committed is lost
        try {
            orphan.get().onExit().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IOException("the orphaned PostgreSQL (pid " + pid + ") did not stop within 60 s", e);
        }
    }

    private static Optional<Integer> postmasterPort(Path directory) throws IOException {
        Path pidFile = directory.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return Optional.empty();
        }
        List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
        // postmaster.pid: pid, data directory, start time, port, ...
        return lines.size() > 3 ? Optional.of(Integer.parseInt(lines.get(3).trim())) : Optional.empty();
    }

    private static HikariConfig poolConfig(int size) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("ledgerlens");
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(1);
        // fail fast at start-up with a clear message rather than hang
        config.setInitializationFailTimeout(30_000);
        config.setConnectionTimeout(30_000);
        return config;
    }

    private static HikariDataSource createPool(HikariConfig config, String description) {
        try {
            return new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new LedgerlensException(FailureReason.CONFIGURATION_INVALID,
                    "cannot connect to the database (" + description + "): " + rootMessage(e), e);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getMessage();
    }

    private void migrate() {
        Flyway.configure()
                .dataSource(pool)
                .locations("classpath:db/migration")
                .load()
                .migrate();
    }

    public DataSource dataSource() {
        return pool;
    }

    /** True when a connection can be had and answers; for the health endpoint. */
    public boolean isReachable() {
        try (Connection connection = pool.getConnection()) {
            return connection.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    @Override
    public void close() {
        pool.close();
        if (embedded != null) {
            try {
                embedded.close();
            } catch (IOException e) {
                LOG.warn("embedded PostgreSQL did not stop cleanly: {}", e.getMessage());
            }
        }
        try {
            if (ownerLock != null) {
                ownerLock.release();
            }
            if (ownerChannel != null) {
                ownerChannel.close();
            }
        } catch (IOException e) {
            LOG.warn("cannot release {}: {}", OWNER_LOCK, e.getMessage());
        }
    }
}
