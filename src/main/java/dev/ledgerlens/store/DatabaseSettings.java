package dev.ledgerlens.store;

import dev.ledgerlens.config.ConfigSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Where the records live.
 *
 * @param jdbcUrl   an external PostgreSQL, or empty for the embedded one
 * @param user      user for the external database
 * @param password  password for the external database (from the environment only; never logged)
 * @param embeddedDirectory data folder of the embedded PostgreSQL
 * @param poolSize  connections in the pool; a little above the pipeline's concurrency
 * @param embeddedListen a loopback address on which the embedded server also takes TCP connections (with its
 *                  password), or null for its private Unix socket only
 * @param connectTimeout how long one attempt waits for a connection; with the redeliveries it bounds how long a
 *                  database outage is ridden out before the run stops (docs/reliability.md)
 */
public record DatabaseSettings(Optional<String> jdbcUrl, String user, String password, Path embeddedDirectory,
                               int poolSize, String embeddedListen, Duration connectTimeout) {
    /** The connection pool's own default: long enough for a database restart, short enough to notice an outage. */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);

    /** Settings for an external database, or the embedded one reached over its socket only. */
    public DatabaseSettings(Optional<String> jdbcUrl, String user, String password, Path embeddedDirectory, int poolSize) {
        this(jdbcUrl, user, password, embeddedDirectory, poolSize, null, CONNECT_TIMEOUT);
    }

    /** As above, the embedded server also listening on {@code embeddedListen}. */
    public DatabaseSettings(Optional<String> jdbcUrl, String user, String password, Path embeddedDirectory, int poolSize,
                            String embeddedListen) {
        this(jdbcUrl, user, password, embeddedDirectory, poolSize, embeddedListen, CONNECT_TIMEOUT);
    }

    public static DatabaseSettings from(ConfigSource config, Path dataDir) {
        int concurrency = config.getInt("ledgerlens.concurrency", 8);
        return new DatabaseSettings(
                config.get("ledgerlens.db.url"),
                config.getString("ledgerlens.db.user", null),
                config.environment("LEDGERLENS_DB_PASSWORD").orElse(null),
                dataDir.resolve("postgres"),
                // the pipeline's workers plus the idempotent repository, exports and the health check
                config.getInt("ledgerlens.db.pool-size", concurrency + 4),
                // none: other local users must not even reach a port; its own socket is enough for Ledgerlens
                config.getString("ledgerlens.db.embedded-listen", null),
                config.getDuration("ledgerlens.db.connect-timeout", CONNECT_TIMEOUT));
    }

    public boolean embedded() {
        return jdbcUrl.isEmpty();
    }

    @Override
    public String toString() {
        return "DatabaseSettings[jdbcUrl=" + jdbcUrl.orElse("(embedded)") + ", user=" + user
                + ", password=" + (password == null ? "(none)" : "***") + ", embeddedDirectory=" + embeddedDirectory
                + ", poolSize=" + poolSize + ", embeddedListen=" + embeddedListen + ", connectTimeout=" + connectTimeout + "]";
    }
}
