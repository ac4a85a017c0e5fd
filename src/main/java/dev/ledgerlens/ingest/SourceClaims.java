package dev.ledgerlens.ingest;

import dev.ledgerlens.failure.FailureReason;
import dev.ledgerlens.failure.LedgerlensException;
import org.apache.camel.CamelContext;
import org.apache.camel.processor.idempotent.jdbc.JdbcOrphanLockAwareIdempotentRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Which instance is reading which source file or object right now, shared by every instance on one
 * database: Camel's orphan-lock-aware JDBC idempotent repository (table {@code camel_messageprocessed}).
 * <p>
 * A claim is taken when a file or object enters the pipeline and released when its exchange completes,
 * whatever the outcome: from then on the {@code documents} table (by SHA-256) decides that the same bytes
 * are not processed again. The holder refreshes its claims every {@code keepAlive}; a claim older than
 * {@code maxAge} belongs to an instance that died and is taken over by whoever reads the file next, which
 * then resumes the document left 'processing'.
 * <p>
 * Every time in a claim is the database's clock ({@code now()}, a {@code timestamptz}), never an instance's:
 * instances in other time zones, a daylight-saving change or a JVM clock that drifts cannot make a live claim look
 * expired or a dead one look fresh. For the same reason the keep-alive is this class's own (Camel's binds the
 * JVM's clock); it survives any failure of a refresh, an {@link Error} included, logging it.
 * Thread-safe.
 */
public final class SourceClaims extends JdbcOrphanLockAwareIdempotentRepository {
    /** Every instance must use the same name: it is the scope in which claims exclude each other. */
    public static final String PROCESSOR_NAME = "ledgerlens-source";
    private static final Logger LOG = LoggerFactory.getLogger(SourceClaims.class);

    /** Inserts a new claim, or takes over one not refreshed for the given milliseconds; else changes nothing. */
    private static final String CLAIM = """
            insert into camel_messageprocessed (processorName, messageId, createdAt) values (?, ?, now())
            on conflict (processorName, messageId) do update set createdAt = now()
            where camel_messageprocessed.createdAt < now() - ? * interval '1 millisecond'""";
    /** Whether a live claim (refreshed within the given milliseconds) exists. */
    private static final String LIVE = """
            select count(*) from camel_messageprocessed
            where processorName = ? and messageId = ? and createdAt >= now() - ? * interval '1 millisecond'""";
    private static final String REFRESH = """
            update camel_messageprocessed set createdAt = now() where processorName = ? and messageId = any (?)""";

    private final Set<String> held = ConcurrentHashMap.newKeySet();
    private final Duration keepAlive;
    private final DataSource dataSource;
    private ScheduledExecutorService refresher;

    public SourceClaims(DataSource dataSource, CamelContext camelContext, Duration maxAge, Duration keepAlive) {
        super(dataSource, PROCESSOR_NAME, camelContext);
        this.dataSource = dataSource;
        this.keepAlive = keepAlive;
        setLockMaxAgeMillis(maxAge.toMillis());
        // Camel's own keep-alive has nothing to refresh (insert below keeps no keys for it); ours runs every keepAlive
        setLockKeepAliveIntervalMillis(keepAlive.toMillis());
        // the table is created by the Flyway migrations, with the schema owner's rights
        setCreateTableIfNotExists(false);
    }

    /**
     * Takes the claim; false when another live instance holds it. Taking a free or orphaned claim is one statement,
     * decided by the primary key's row lock, so two instances polling the same file at the same moment cannot both win.
     */
    @Override
    public boolean add(String key) {
        try {
            int taken = jdbcTemplate.update(CLAIM, PROCESSOR_NAME, key, getLockMaxAgeMillis());
            if (taken == 0) {
                return false;
            }
            held.add(key);
            return true;
        } catch (DataAccessException e) {
            // the database is down or restarting: a transient failure, redelivered like any other, not a bad file
            throw new LedgerlensException(FailureReason.DATABASE_UNAVAILABLE,
                    "cannot claim " + key + " in the database: " + e.getMostSpecificCause().getMessage(), e);
        }
    }

    /** Whether a live claim on {@code key} exists, by the database's clock. */
    @Override
    protected int queryForInt(String key) {
        Integer count = jdbcTemplate.queryForObject(LIVE, Integer.class, PROCESSOR_NAME, key, getLockMaxAgeMillis());
        return count == null ? 0 : count;
    }

    /** The claim row is written by {@link #add}; nothing is left for Camel's keep-alive, which binds the JVM's clock. */
    @Override
    protected int insert(String key) {
        return 1;
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

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        refresher = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "ledgerlens-claims-keep-alive");
            thread.setDaemon(true);
            return thread;
        });
        refresher.scheduleWithFixedDelay(this::refresh, keepAlive.toMillis(), keepAlive.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    protected void doStop() throws Exception {
        if (refresher != null) {
            refresher.shutdownNow();
        }
        super.doStop();
    }

    /**
     * Refreshes every claim this instance holds. A failure of any kind is logged and the next refresh tried on
     * schedule: a scheduled task that throws is never run again, and claims that silently stopped being refreshed
     * would be taken over by other instances while this one still works on their files.
     */
    void refresh() {
        if (held.isEmpty()) {
            return;
        }
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(REFRESH)) {
            statement.setString(1, PROCESSOR_NAME);
            statement.setArray(2, connection.createArrayOf("text", held.toArray()));
            statement.executeUpdate();
        } catch (Throwable e) { // an Error too: see above; OutOfMemoryError ends the process first (the launcher's flag)
            LOG.error("could not refresh this instance's {} claim(s) on source files; they expire after {} ms unless a later"
                    + " refresh succeeds", held.size(), getLockMaxAgeMillis(), e);
        }
    }
}
