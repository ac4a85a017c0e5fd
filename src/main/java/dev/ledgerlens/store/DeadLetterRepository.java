package dev.ledgerlens.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.ledgerlens.failure.LedgerlensException;
import dev.ledgerlens.failure.Stage;
import dev.ledgerlens.failure.Violation;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The dead-letter queue. Thread-safe: every call takes its own connection from the pool. */
public final class DeadLetterRepository {
    private final DataSource dataSource;

    public DeadLetterRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** What to record about a failed document. */
    public record Entry(Long documentId, String sha256, String sourceUri, String fileName, Stage stage, int attempts,
                        LedgerlensException failure) {
    }

    /**
     * Writes a dead letter and, when the document has a row, marks it dead-lettered, in one transaction.
     * For a document that is already dead-lettered (an earlier attempt committed but its answer was lost, and the
     * write was redelivered) it returns the open dead letter instead of adding a second one.
     */
    public long add(Entry entry) {
        LedgerlensException failure = entry.failure();
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                Optional<Long> earlier = entry.documentId() == null ? Optional.empty()
                        : lockOpenLetter(connection, entry.documentId());
                if (earlier.isPresent()) {
                    connection.rollback();
                    return earlier.get();
                }
                long id;
                try (PreparedStatement statement = connection.prepareStatement("""
                        insert into dead_letters (document_id, sha256, source_uri, file_name, reason, category, stage,
                                                  attempts, message, violations, model_answers)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb) returning id""")) {
                    if (entry.documentId() == null) {
                        statement.setNull(1, Types.BIGINT);
                    } else {
                        statement.setLong(1, entry.documentId());
                    }
                    statement.setString(2, entry.sha256());
                    statement.setString(3, entry.sourceUri());
                    statement.setString(4, entry.fileName());
                    statement.setString(5, failure.reason().name());
                    statement.setString(6, failure.category().name());
                    statement.setString(7, entry.stage().label());
                    statement.setInt(8, entry.attempts());
                    statement.setString(9, String.valueOf(failure.getMessage()).replace("\u0000", ""));
                    statement.setString(10, Json.write(failure.violations()));
                    statement.setString(11, Json.write(failure.modelAnswers()));
                    try (ResultSet rows = statement.executeQuery()) {
                        rows.next();
                        id = rows.getLong(1);
                    }
                }
                if (entry.documentId() != null) {
                    try (PreparedStatement statement = connection.prepareStatement(
                            "update documents set status = 'dead_lettered', updated_at = now() where id = ?")) {
                        statement.setLong(1, entry.documentId());
                        statement.executeUpdate();
                    }
                }
                connection.commit();
                return id;
            } catch (SQLException | RuntimeException e) {
                StoreException.rollback(connection, e);
                throw e;
            }
        } catch (SQLException e) {
            throw StoreException.of("writing a dead letter for " + entry.fileName(), e);
        }
    }

    /** Locks the document's row and returns its open dead letter when it is already dead-lettered. */
    private static Optional<Long> lockOpenLetter(Connection connection, long documentId) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement(
                "select status from documents where id = ? for update")) {
            lock.setLong(1, documentId);
            try (ResultSet rows = lock.executeQuery()) {
                if (!rows.next() || !"dead_lettered".equals(rows.getString(1))) {
                    return Optional.empty();
                }
            }
        }
        try (PreparedStatement statement = connection.prepareStatement(
                "select max(id) from dead_letters where document_id = ? and replayed_at is null")) {
            statement.setLong(1, documentId);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                long id = rows.getLong(1);
                return rows.wasNull() ? Optional.empty() : Optional.of(id);
            }
        }
    }

    /** Dead letters not yet replayed, newest last; {@code reason} filters when not null. */
    public List<DeadLetter> list(String reason) {
        String sql = "select * from dead_letters where replayed_at is null"
                + (reason == null ? "" : " and reason = ?") + " order by id";
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            if (reason != null) {
                statement.setString(1, reason);
            }
            List<DeadLetter> letters = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    letters.add(read(rows));
                }
            }
            return letters;
        } catch (SQLException e) {
            throw StoreException.of("listing dead letters", e);
        }
    }

    public Optional<DeadLetter> find(long id) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement("select * from dead_letters where id = ?")) {
            statement.setLong(1, id);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? Optional.of(read(rows)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw StoreException.of("reading dead letter " + id, e);
        }
    }

    /** Marks a dead letter as sent back through the pipeline. */
    public void markReplayed(long id) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(
                     "update dead_letters set replayed_at = now() where id = ?")) {
            statement.setLong(1, id);
            statement.executeUpdate();
        } catch (SQLException e) {
            throw StoreException.of("marking dead letter " + id + " replayed", e);
        }
    }

    /** Deletes dead letters older than {@code age}; returns how many. The documents' originals stay. */
    public int purgeOlderThan(Duration age) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(
                     "delete from dead_letters where created_at < now() - (? * interval '1 second')")) {
            statement.setLong(1, age.toSeconds());
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw StoreException.of("purging dead letters", e);
        }
    }

    private static DeadLetter read(ResultSet rows) throws SQLException {
        long documentId = rows.getLong("document_id");
        Long document = rows.wasNull() ? null : documentId;
        return new DeadLetter(rows.getLong("id"), document, trim(rows.getString("sha256")), rows.getString("source_uri"),
                rows.getString("file_name"), rows.getString("reason"), rows.getString("category"),
                rows.getString("stage"), rows.getInt("attempts"), rows.getString("message"),
                readJson(rows.getString("violations"), new TypeReference<List<Violation>>() { }),
                readJson(rows.getString("model_answers"), new TypeReference<List<String>>() { }),
                rows.getObject("created_at", OffsetDateTime.class), rows.getObject("replayed_at", OffsetDateTime.class));
    }

    private static <T> T readJson(String json, TypeReference<T> type) {
        try {
            return Json.MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable JSON in dead_letters: " + json, e);
        }
    }

    private static String trim(String value) {
        return value == null ? null : value.trim();
    }
}
