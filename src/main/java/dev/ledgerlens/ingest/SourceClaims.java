package dev.ledgerlens.ingest;

import dev.ledgerlens.failure.FailureReason;
import dev.ledgerlens.failure.LedgerlensException;
import org.apache.camel.CamelContext;
import org.apache.camel.processor.idempotent.jdbc.JdbcOrphanLockAwareIdempotentRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;

import javax.sql.DataSource;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which instance is reading which source file or object right now, shared by every instance on one
 * database: Camel's orphan-lock-aware JDBC idempotent repository (table {@code camel_messageprocessed}).
 * <p>
 * A claim is taken when a file or object enters the pipeline and released when its exchange completes,
 * whatever the outcome: from then on the {@code documents} table (by SHA-256) decides that the same bytes
 * are not processed again. The holder refreshes its claims every {@code keepAlive}; a claim older than
 * {@code maxAge} belongs to an instance that died and is taken over by whoever reads the file next, which
 * then resumes the document left 'processing'.
 * Thread-safe (Camel's implementation).
 */
public final class SourceClaims extends JdbcOrphanLockAwareIdempotentRepository {
    /** Every instance must use the same name: it is the scope in which claims exclude each other. */
    public static final String PROCESSOR_NAME = "ledgerlens-source";
    private static final Logger LOG = LoggerFactory.getLogger(SourceClaims.class);

    /** Inserts a new claim, or takes over one not refreshed since the second timestamp; else changes nothing. */
    private static final String CLAIM = """
            insert into camel_messageprocessed (processorName, messageId, createdAt) values (?, ?, ?)
            on conflict (processorName, messageId) do update set createdAt = excluded.createdAt
            where camel_messageprocessed.createdAt < ?""";

    private final Set<String> held = ConcurrentHashMap.newKeySet();

    public SourceClaims(DataSource dataSource, CamelContext camelContext, Duration maxAge, Duration keepAlive) {
        super(dataSource, PROCESSOR_NAME, camelContext);
        setLockMaxAgeMillis(maxAge.toMillis());
        setLockKeepAliveIntervalMillis(keepAlive.toMillis());
        // the table is created by the Flyway migrations, with the schema owner's rights
        setCreateTableIfNotExists(false);
    }

    /**
     * Takes the claim; false when another live instance holds it. Camel's own add checks, then inserts or
     * (for an orphan) refreshes, in two statements: two instances polling the same file at the same moment
     * could both win. Here taking a free or orphaned claim is one statement, decided by the primary key's
     * row lock; Camel's bookkeeping (the keep-alive of this instance's claims) is then done by its insert,
     * which finds the row and refreshes it.
     */
    @Override
    public boolean add(String key) {
        long now = System.currentTimeMillis();
        try {
            int taken = jdbcTemplate.update(CLAIM, PROCESSOR_NAME, key, new Timestamp(now),
                    new Timestamp(now - getLockMaxAgeMillis()));
            if (taken == 0) {
                return false;
            }
            held.add(key);
            super.insert(key);
            return true;
        } catch (DataAccessException e) {
            // the database is down or restarting: a transient failure, redelivered like any other, not a bad file
            throw new LedgerlensException(FailureReason.DATABASE_UNAVAILABLE,
                    "cannot claim " + key + " in the database: " + e.getMostSpecificCause().getMessage(), e);
        }
    }

    /**
     * Releases a claim this instance holds, and only then. Camel's Idempotent Consumer also "removes on
     * failure" the key of a duplicate it let through, which here is another instance's live claim.
     */
    @Override
    public boolean remove(String key) {
        if (!held.remove(key)) {
            return false;
        }
        try {
            return super.remove(key);
        } catch (DataAccessException e) {
            // the claim stays until it expires (ledgerlens.claims.max-age); the documents table already knows the bytes
            LOG.warn("could not release the claim on {} ({}); it expires on its own", key, e.getMostSpecificCause().getMessage());
            return false;
        }
    }

    /**
     * Releases the claim when the document has left the pipeline. Camel's default keeps it (and keeps
     * refreshing it) for the life of the instance, which would hide a kept file from the other instances
     * and grow without bound in a long-running service; the documents table already remembers the bytes.
     */
    @Override
    public boolean confirm(String key) {
        remove(key);
        return true;
    }
}
