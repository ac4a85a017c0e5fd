package dev.ledgerlens.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.ledgerlens.extract.Usage;
import dev.ledgerlens.failure.Violation;

import javax.sql.DataSource;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * OpenAI batches and their requests (tables {@code openai_batches}, {@code batch_requests}): which documents wait in
 * which batch, under which {@code custom_id}, and what became of each line. Every change of a document's status that a
 * batch causes ({@code processing} → {@code submitted} when its batch is created, {@code submitted} → {@code queued} when
 * a batch gives it back) happens here, in the same transaction as the batch's or the request's own change.
 * <p>
 * A document's answer is collected at most once: the collector only takes lines whose document is still
 * {@code submitted}, and storing or dead-lettering it changes that status in the transaction that writes the record.
 * <p>
 * Thread-safe: every call takes its own connection from the pool.
 */
public final class BatchRepository {
    /** Advisory lock key: one process at a time recovers, collects and submits batches. */
    private static final String LOCK_KEY = "ledgerlens/openai-batches";
    private static final TypeReference<List<Violation>> VIOLATIONS = new TypeReference<>() { };

    private final DataSource dataSource;

    public BatchRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * One row of {@code openai_batches}.
     *
     * @param state          writing, sealed, uploading, uploaded, open, collected, failed or abandoned (see V8)
     * @param localFile      the input file as written here
     * @param fileName       the name it is uploaded under
     * @param inputFileId    the uploaded file's id, once uploaded
     * @param batchId        OpenAI's batch id, once created
     * @param remoteStatus   the batch's status as last seen at OpenAI
     */
    public record Batch(long id, String state, String endpoint, String model, Path localFile, String fileName,
                        String inputFileId, String batchId, String remoteStatus, int requestCount, long byteSize,
                        long estimatedTokens, BigDecimal estimatedCostUsd, long completed, long failed, String message,
                        OffsetDateTime createdAt, OffsetDateTime submittedAt, OffsetDateTime expiresAt,
                        OffsetDateTime endedAt, OffsetDateTime collectedAt) {
        /** OpenAI's id when it has one, else ours. */
        public String label() {
            return batchId != null ? batchId : "#" + id;
        }
    }

    /** One line of a batch, with its document's file name and current status, for {@code batch show}. */
    public record Request(long id, long batch, long documentId, String fileName, String documentStatus, int lineNumber,
                          String customId, int attempt, String kind, String state) {
    }

    /**
     * The answer of a document's first request whose re-ask goes into a batch: what the re-ask sends back, and what
     * the first answer cost.
     *
     * @param requestId  the ask's row
     */
    public record FirstAnswer(long requestId, String answer, List<Violation> violations, Usage usage) {
        public FirstAnswer {
            violations = List.copyOf(violations);
        }
    }

    /**
     * A line of an open batch whose document still waits for its answer.
     *
     * @param earlier for a re-ask, the first answer it followed up; null for a first request
     */
    public record Awaiting(long requestId, long documentId, String sha256, String sourceUri, String fileName,
                           String customId, long estimatedTokens, FirstAnswer earlier) {
    }

    /**
     * A document a batch gave back to the queue, to be taken up from its kept original.
     *
     * @param reask the first answer whose re-ask goes into the next batch, or null to ask afresh
     */
    public record Queued(long documentId, String sha256, String sourceUri, String fileName, FirstAnswer reask) {
    }

    /** The advisory lock that makes one process at a time handle batches; released by {@link #close()}. */
    public static final class Lock implements AutoCloseable {
        private final Connection connection;

        private Lock(Connection connection) {
            this.connection = connection;
        }

        @Override
        public void close() {
            try (Connection held = connection) {
                try (PreparedStatement statement = held.prepareStatement(
                        "select pg_advisory_unlock(hashtextextended(?, 0))")) {
                    statement.setString(1, LOCK_KEY);
                    statement.execute();
                }
            } catch (SQLException e) {
                // the session is gone, and its advisory lock with it
            }
        }
    }

    /**
     * Takes the batch lock, a session-level advisory lock: it is released with the connection, so a killed process
     * never leaves it behind.
     *
     * @param wait true: wait for the process that holds it; false: return empty at once when it is held
     */
    public Optional<Lock> lock(boolean wait) {
        Connection connection = null;
        try {
            connection = dataSource.getConnection();
            try (PreparedStatement statement = connection.prepareStatement(wait
                    ? "select true from pg_advisory_lock(hashtextextended(?, 0))"
                    : "select pg_try_advisory_lock(hashtextextended(?, 0))")) {
                statement.setString(1, LOCK_KEY);
                try (ResultSet rows = statement.executeQuery()) {
                    rows.next();
                    if (rows.getBoolean(1)) {
                        return Optional.of(new Lock(connection));
                    }
                }
            }
            connection.close();
            return Optional.empty();
        } catch (SQLException e) {
            if (connection != null) {
                try {
                    connection.close();
                } catch (SQLException closing) {
                    e.addSuppressed(closing);
                }
            }
            throw StoreException.of("taking the batch lock", e);
        }
    }

    // ------------------------------------------------------------------------------------------------ writing

    /** A new batch in state {@code writing}; returns its id. */
    public long newBatch(String endpoint, String model, Path localFile, String fileName) {
        return queryOne("""
                insert into openai_batches (state, endpoint, model, local_file, file_name)
                values ('writing', ?, ?, ?, ?) returning id""", rows -> rows.getLong(1),
                endpoint, model, localFile.toString(), fileName).orElseThrow();
    }

    /** The attempt number of a document's next request: one more than its requests so far. */
    public int nextAttempt(long documentId) {
        return queryOne("select coalesce(max(attempt), 0) + 1 from batch_requests where document_id = ?",
                rows -> rows.getInt(1), documentId).orElseThrow();
    }

    /** Records a line just written into a batch's file (state {@code pending}). */
    public void addRequest(long batch, long documentId, int lineNumber, String customId, int attempt, Long reaskOf,
                           long estimatedTokens, BigDecimal worstCostUsd) {
        update("""
                insert into batch_requests (batch, document_id, line_number, custom_id, attempt, kind, reask_of,
                                            estimated_tokens, estimated_cost_usd)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                batch, documentId, lineNumber, customId, attempt, reaskOf == null ? "ask" : "reask", reaskOf,
                estimatedTokens, worstCostUsd);
    }

    /** The file is complete on disk. */
    public void sealed(long batch) {
        update("""
                update openai_batches b set state = 'sealed', updated_at = now(),
                    request_count = (select count(*) from batch_requests r where r.batch = b.id),
                    estimated_tokens = (select coalesce(sum(estimated_tokens), 0) from batch_requests r where r.batch = b.id),
                    estimated_cost_usd = (select coalesce(sum(estimated_cost_usd), 0) from batch_requests r where r.batch = b.id)
                where id = ? and state = 'writing'""", batch);
    }

    /** Records the file's size once sealed. */
    public void sized(long batch, long bytes) {
        update("update openai_batches set byte_size = ?, updated_at = now() where id = ?", bytes, batch);
    }

    /** The upload is about to start. */
    public void uploading(long batch) {
        update("update openai_batches set state = 'uploading', updated_at = now() where id = ?", batch);
    }

    /** The file is uploaded. */
    public void uploaded(long batch, String inputFileId) {
        update("update openai_batches set state = 'uploaded', input_file_id = ?, updated_at = now() where id = ?",
                inputFileId, batch);
    }

    /**
     * The batch exists at OpenAI: recorded with its id, and its documents become {@code submitted} in the same
     * transaction (those still waiting for it: a document another process stored meanwhile keeps its record).
     */
    public void opened(long batch, String batchId, String remoteStatus, Instant createdAt, Instant expiresAt) {
        inTransaction(connection -> {
            execute(connection, """
                    update openai_batches set state = 'open', batch_id = ?, remote_status = ?, submitted_at = ?,
                           expires_at = ?, updated_at = now()
                    where id = ?""", batchId, remoteStatus, timestamp(createdAt), timestamp(expiresAt), batch);
            execute(connection, """
                    update documents d set status = 'submitted', updated_at = now()
                    from batch_requests r
                    where r.batch = ? and r.state = 'pending' and d.id = r.document_id
                      and d.status in ('processing', 'queued')""", batch);
            execute(connection, "update batch_requests set state = 'submitted', updated_at = now() where batch = ? and state = 'pending'",
                    batch);
            return null;
        });
    }

    /**
     * A batch that will never run (its file was cut off by a crash, or is gone): its requests are requeued and their
     * documents go back to the queue.
     */
    public void abandon(long batch, String message) {
        inTransaction(connection -> {
            requeueLines(connection, batch, "pending");
            execute(connection, "update openai_batches set state = 'abandoned', message = ?, updated_at = now() where id = ?",
                    message, batch);
            return null;
        });
    }

    // ------------------------------------------------------------------------------------------------ reading

    /** Batches a run started and did not finish submitting (writing, sealed, uploading, uploaded), oldest first. */
    public List<Batch> unsubmitted() {
        return queryBatches("where state in ('writing', 'sealed', 'uploading', 'uploaded') order by id");
    }

    /** Batches open at OpenAI, oldest first. */
    public List<Batch> open() {
        return queryBatches("where state = 'open' order by id");
    }

    /** Every batch, newest first. */
    public List<Batch> all() {
        return queryBatches("order by id desc");
    }

    /** A batch by our id or OpenAI's. */
    public Optional<Batch> find(String idOrBatchId) {
        List<Batch> found = idOrBatchId.matches("#?\\d+")
                ? queryBatches("where id = ?", Long.parseLong(idOrBatchId.replace("#", "")))
                : queryBatches("where batch_id = ?", idOrBatchId);
        return found.stream().findFirst();
    }

    /** A batch's lines, in file order. */
    public List<Request> requests(long batch) {
        return query("""
                select r.id, r.batch, r.document_id, d.file_name, d.status, r.line_number, r.custom_id, r.attempt, r.kind,
                       r.state
                from batch_requests r join documents d on d.id = r.document_id
                where r.batch = ? order by r.line_number""",
                rows -> new Request(rows.getLong(1), rows.getLong(2), rows.getLong(3), rows.getString(4), rows.getString(5),
                        rows.getInt(6), rows.getString(7), rows.getInt(8), rows.getString(9), rows.getString(10)), batch);
    }

    // ------------------------------------------------------------------------------------------------ collecting

    /** What OpenAI said about a batch when it was last polled. */
    public void polled(long batch, String remoteStatus, long completed, long failed, String outputFileId,
                       String errorFileId, Instant endedAt) {
        update("""
                update openai_batches set remote_status = ?, completed_count = ?, failed_count = ?, output_file_id = ?,
                       error_file_id = ?, ended_at = ?, updated_at = now()
                where id = ?""", remoteStatus, completed, failed, outputFileId, errorFileId, timestamp(endedAt), batch);
    }

    /** The lines of a batch whose documents still wait for it (submitted, and the document still {@code submitted}). */
    public List<Awaiting> awaiting(long batch) {
        return query("""
                select r.id, r.document_id, d.sha256, d.source_uri, d.file_name, r.custom_id, r.estimated_tokens,
                       a.id, a.answer, a.violations::text, a.prompt_tokens, a.completion_tokens, a.cached_tokens,
                       a.cost_usd, a.request_id, a.estimated_tokens, b.model
                from batch_requests r
                join documents d on d.id = r.document_id
                join openai_batches b on b.id = r.batch
                left join batch_requests a on a.id = r.reask_of
                where r.batch = ? and r.state = 'submitted' and d.status = 'submitted'
                order by r.line_number""",
                rows -> new Awaiting(rows.getLong(1), rows.getLong(2), rows.getString(3).trim(), rows.getString(4),
                        rows.getString(5), rows.getString(6), rows.getLong(7), firstAnswer(rows, 8)), batch);
    }

    /**
     * A line the batch did not answer (it expired or was cancelled first): the request is requeued and its document
     * goes back to the queue, if it still waits for this line.
     */
    public void requeue(long requestId) {
        inTransaction(connection -> {
            execute(connection, """
                    update documents d set status = 'queued', updated_at = now()
                    from batch_requests r
                    where r.id = ? and r.state = 'submitted' and d.id = r.document_id and d.status = 'submitted'""",
                    requestId);
            execute(connection, "update batch_requests set state = 'requeued', updated_at = now() where id = ? and state = 'submitted'",
                    requestId);
            return null;
        });
    }

    /**
     * A first answer failed validation and its re-ask goes into the next batch: the answer, its violations and its
     * usage are kept on the request, and the document goes back to the queue.
     */
    public void deferReask(long requestId, String answer, List<Violation> violations, Usage usage) {
        inTransaction(connection -> {
            execute(connection, """
                    update batch_requests set state = 'answered', answer = ?, violations = ?::jsonb, prompt_tokens = ?,
                           completion_tokens = ?, cached_tokens = ?, cost_usd = ?, request_id = ?, updated_at = now()
                    where id = ?""", answer.replace("\u0000", ""), Json.write(violations), usage.promptTokens(),
                    usage.completionTokens(), usage.cachedTokens(), usage.costUsd(), usage.requestIds(), requestId);
            execute(connection, """
                    update documents d set status = 'queued', updated_at = now()
                    from batch_requests r
                    where r.id = ? and d.id = r.document_id and d.status = 'submitted'""", requestId);
            return null;
        });
    }

    /**
     * Closes a batch whose answers were collected: its lines are marked by what became of their documents (answered,
     * or failed for a line of the error file), and the batch becomes {@code collected}, or {@code failed} for a batch
     * the API failed as a whole (whose documents go back to the queue). Lines whose documents still wait (a fatal stop
     * mid-collect) keep the batch open for the next collect; returns false then.
     *
     * @param failedLines the custom ids of the lines in the error file
     * @param failure     the API's message for a batch that failed as a whole; null otherwise
     */
    public boolean close(long batch, List<String> failedLines, String failure) {
        return inTransaction(connection -> {
            if (failure != null) {
                requeueLines(connection, batch, "submitted");
            }
            long waiting;
            try (PreparedStatement statement = connection.prepareStatement("""
                    select count(*) from batch_requests r join documents d on d.id = r.document_id
                    where r.batch = ? and r.state = 'submitted' and d.status = 'submitted'""")) {
                statement.setLong(1, batch);
                try (ResultSet rows = statement.executeQuery()) {
                    rows.next();
                    waiting = rows.getLong(1);
                }
            }
            if (waiting > 0) {
                return false;
            }
            try (PreparedStatement statement = connection.prepareStatement("""
                    update batch_requests set state = case when custom_id = any (?) then 'failed' else 'answered' end,
                           updated_at = now()
                    where batch = ? and state = 'submitted'""")) {
                statement.setArray(1, connection.createArrayOf("text", failedLines.toArray()));
                statement.setLong(2, batch);
                statement.executeUpdate();
            }
            execute(connection, """
                    update openai_batches set state = ?, message = ?, collected_at = now(), updated_at = now()
                    where id = ?""", failure == null ? "collected" : "failed", failure, batch);
            return true;
        });
    }

    /** Documents batches gave back to the queue, with the re-ask each one is owed, oldest first. */
    public List<Queued> queued() {
        return query("""
                select d.id, d.sha256, d.source_uri, d.file_name,
                       a.id, a.answer, a.violations::text, a.prompt_tokens, a.completion_tokens, a.cached_tokens,
                       a.cost_usd, a.request_id, a.estimated_tokens, b.model
                from documents d
                left join lateral (
                    -- the document's latest request: an answered ask with violations owes its re-ask; a requeued
                    -- re-ask still owes the one it followed up
                    select case when r.kind = 'ask' and r.state = 'answered' and r.violations is not null then r.id
                                when r.kind = 'reask' and r.state = 'requeued' then r.reask_of end as owed
                    from batch_requests r where r.document_id = d.id order by r.id desc limit 1) latest on true
                left join batch_requests a on a.id = latest.owed
                left join openai_batches b on b.id = a.batch
                where d.status = 'queued'
                order by d.id""",
                rows -> new Queued(rows.getLong(1), rows.getString(2).trim(), rows.getString(3), rows.getString(4),
                        firstAnswer(rows, 5)));
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private static void requeueLines(Connection connection, long batch, String lineState) throws SQLException {
        execute(connection, """
                update documents d set status = 'queued', updated_at = now()
                from batch_requests r
                where r.batch = ? and r.state = ? and d.id = r.document_id
                  and d.status in ('processing', 'queued', 'submitted')""", batch, lineState);
        execute(connection, "update batch_requests set state = 'requeued', updated_at = now() where batch = ? and state = ?",
                batch, lineState);
    }

    /** The first answer in columns {@code from}…: id, answer, violations, tokens, cost, request id, estimate, model. */
    private static FirstAnswer firstAnswer(ResultSet rows, int from) throws SQLException {
        long id = rows.getLong(from);
        if (rows.wasNull()) {
            return null;
        }
        List<Violation> violations;
        try {
            String json = rows.getString(from + 2);
            violations = json == null ? List.of() : Json.MAPPER.readValue(json, VIOLATIONS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("batch_requests.violations is not a list of violations", e);
        }
        Usage usage = new Usage(rows.getString(from + 9), rows.getLong(from + 8), rows.getLong(from + 3),
                rows.getLong(from + 4), rows.getLong(from + 5), rows.getBigDecimal(from + 6), 0, rows.getString(from + 7));
        return new FirstAnswer(id, rows.getString(from + 1), violations, usage);
    }

    private List<Batch> queryBatches(String where, Object... parameters) {
        return query("""
                select id, state, endpoint, model, local_file, file_name, input_file_id, batch_id, remote_status,
                       request_count, byte_size, estimated_tokens, estimated_cost_usd, completed_count, failed_count,
                       message, created_at, submitted_at, expires_at, ended_at, collected_at
                from openai_batches\s""" + where,
                rows -> new Batch(rows.getLong(1), rows.getString(2), rows.getString(3), rows.getString(4),
                        Path.of(rows.getString(5)), rows.getString(6), rows.getString(7), rows.getString(8),
                        rows.getString(9), rows.getInt(10), rows.getLong(11), rows.getLong(12), rows.getBigDecimal(13),
                        rows.getLong(14), rows.getLong(15), rows.getString(16),
                        rows.getObject(17, OffsetDateTime.class), rows.getObject(18, OffsetDateTime.class),
                        rows.getObject(19, OffsetDateTime.class), rows.getObject(20, OffsetDateTime.class),
                        rows.getObject(21, OffsetDateTime.class)), parameters);
    }

    @FunctionalInterface
    private interface RowReader<T> {
        T read(ResultSet rows) throws SQLException;
    }

    @FunctionalInterface
    private interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private <T> List<T> query(String sql, RowReader<T> reader, Object... parameters) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = prepare(connection, sql, parameters);
             ResultSet rows = statement.executeQuery()) {
            List<T> result = new ArrayList<>();
            while (rows.next()) {
                result.add(reader.read(rows));
            }
            return result;
        } catch (SQLException e) {
            throw StoreException.of("reading batches", e);
        }
    }

    private <T> Optional<T> queryOne(String sql, RowReader<T> reader, Object... parameters) {
        return query(sql, reader, parameters).stream().findFirst();
    }

    private void update(String sql, Object... parameters) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = prepare(connection, sql, parameters)) {
            statement.executeUpdate();
        } catch (SQLException e) {
            throw StoreException.of("recording a batch", e);
        }
    }

    private <T> T inTransaction(Work<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                StoreException.rollback(connection, e);
                throw e;
            }
        } catch (SQLException e) {
            throw StoreException.of("recording a batch", e);
        }
    }

    private static void execute(Connection connection, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement statement = prepare(connection, sql, parameters)) {
            statement.executeUpdate();
        }
    }

    private static PreparedStatement prepare(Connection connection, String sql, Object... parameters) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        try {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            return statement;
        } catch (SQLException e) {
            statement.close();
            throw e;
        }
    }

    private static OffsetDateTime timestamp(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
