package dev.ledgerlens.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.ledgerlens.failure.FailureReason;
import dev.ledgerlens.failure.LedgerlensException;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;

/**
 * The PostgreSQL database with the production Flyway migrations applied: an external server when
 * {@code LEDGERLENS_DB_URL} is set, otherwise an embedded PostgreSQL (real binaries from Maven Central)
 * kept in the data directory.
 *
 * <p>The embedded server ({@link LocalPostgres}: fsync on, a password, a private socket) belongs to the process that
 * started it and stops when that process closes it.
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
    private final LocalPostgres embedded;
    private final FileChannel ownerChannel;
    private final FileLock ownerLock;

    private Database(HikariDataSource pool, LocalPostgres embedded, FileChannel ownerChannel, FileLock ownerLock) {
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
        HikariConfig config = poolConfig(settings);
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
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (java.nio.channels.OverlappingFileLockException heldInThisProcess) {
                lock = null; // this very process owns the server already (a second Application in one JVM)
            }
            if (lock == null) {
                channel.close();
                return attachToRunning(settings, directory);
            }
            LocalPostgres.stopOrphan(directory);
            LocalPostgres postgres = LocalPostgres.start(directory, settings.embeddedListen(), Duration.ofSeconds(60));
            HikariConfig config = poolConfig(settings);
            config.setDataSource(postgres.dataSource());
            LOG.info("embedded PostgreSQL started in {}{}", directory, settings.embeddedListen() == null ? ""
                    : " (also on " + settings.embeddedListen() + ":" + postgres.port() + ")");
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
        if (!Files.exists(directory.resolve("postmaster.pid"))) {
            throw new LedgerlensException(FailureReason.CONFIGURATION_INVALID,
                    "the embedded PostgreSQL in " + directory + " is being started by another Ledgerlens process; try again");
        }
        HikariConfig config = poolConfig(settings);
        config.setDataSource(LocalPostgres.attach(directory));
        LOG.info("attached to the embedded PostgreSQL of another Ledgerlens process in {}", directory);
        return new Database(createPool(config, "embedded PostgreSQL in " + directory), null, null, null);
    }

    private static HikariConfig poolConfig(DatabaseSettings settings) {
        int size = settings.poolSize();
        HikariConfig config = new HikariConfig();
        config.setPoolName("ledgerlens");
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(1);
        // fail fast at start-up with a clear message rather than hang
        config.setInitializationFailTimeout(settings.connectTimeout().toMillis());
        config.setConnectionTimeout(settings.connectTimeout().toMillis());
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
                embedded.stop();
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
