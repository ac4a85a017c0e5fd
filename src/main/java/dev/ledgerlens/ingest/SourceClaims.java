package dev.ledgerlens.ingest;

import org.apache.camel.CamelContext;
import org.apache.camel.processor.idempotent.jdbc.JdbcOrphanLockAwareIdempotentRepository;

import javax.sql.DataSource;
import java.time.Duration;

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

    public SourceClaims(DataSource dataSource, CamelContext camelContext, Duration maxAge, Duration keepAlive) {
        super(dataSource, PROCESSOR_NAME, camelContext);
        setLockMaxAgeMillis(maxAge.toMillis());
        setLockKeepAliveIntervalMillis(keepAlive.toMillis());
        // the table is created by the Flyway migrations, with the schema owner's rights
        setCreateTableIfNotExists(false);
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
