package dev.ledgerlens.store;

import dev.ledgerlens.config.ConfigSource;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the records live.
 *
 * @param jdbcUrl   an external PostgreSQL, or empty for the embedded one
 * @param user      user for the external database
 * @param password  password for the external database (from the environment only; never logged)
 * @param embeddedDirectory data folder of the embedded PostgreSQL
 * @param poolSize  connections in the pool; a little above the pipeline's concurrency
 */
public record DatabaseSettings(Optional<String> jdbcUrl, String user, String password, Path embeddedDirectory,
                               int poolSize) {

    public static DatabaseSettings from(ConfigSource config, Path dataDir) {
        int concurrency = config.getInt("ledgerlens.concurrency", 8);
        return new DatabaseSettings(
                config.get("ledgerlens.db.url"),
                config.getString("ledgerlens.db.user", null),
                config.environment("LEDGERLENS_DB_PASSWORD").orElse(null),
                dataDir.resolve("postgres"),
                // the pipeline's workers plus the idempotent repository, exports and the health check
                config.getInt("ledgerlens.db.pool-size", concurrency + 4));
    }

    public boolean embedded() {
        return jdbcUrl.isEmpty();
    }

    @Override
    public String toString() {
        return "DatabaseSettings[jdbcUrl=" + jdbcUrl.orElse("(embedded)") + ", user=" + user
                + ", password=" + (password == null ? "(none)" : "***") + ", embeddedDirectory=" + embeddedDirectory
                + ", poolSize=" + poolSize + "]";
    }
}
