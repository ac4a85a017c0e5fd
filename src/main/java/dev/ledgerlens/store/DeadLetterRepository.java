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

    /**
     * What to record about a failed document.
     *
     * @param documentId the document's row, or null when it failed before it was claimed
     * @param replaying  the dead letter whose replay this failure ends, or null for a first failure
     */
    public record Entry(Long documentId, String sha256, String sourceUri, String fileName, Stage stage, int attempts,
                        LedgerlensException failure, Long replaying) {
        /** A first failure, not a replay. */
        public Entry(Long documentId, String sha256, String sourceUri, String fileName, Stage stage, int attempts,
                     LedgerlensException failure) {
            this(documentId, sha256, sourceUri, fileName, stage, attempts, failure, null);
        }
    }

    /** What {@link #add} wrote. */
    public sealed interface Written {
        /** A dead letter (new, or the one an earlier attempt of the same write committed). */
        record Letter(long id) implements Written {
        }

        /**
         * A note on a document that is already stored (another copy of the same bytes stored it): its record and
         * status stay as they are; the failure is kept in {@code documents.notes}.
         */
        record Note(String storedStatus) implements Written {
        }
    }

    private static final List<String> STORED = List.of("valid", "needs_review", "duplicate", "approved", "rejected");

    /**
     * Writes a dead letter and, when the document has a row, marks it dead-lettered, in one transaction.
     * <ul>
     *   <li>A document that is already stored never changes status here: the failure is written as a note on it.</li>
     *   <li>For a document that is already dead-lettered, an open letter other than the one being replayed means an
     *       earlier attempt of this write committed but its answer was lost; that letter is returned instead of
     *       adding a second one.</li>
     *   <li>A replay that fails again closes the replayed letter and writes the new one in the same transaction, so
     *       the document is never without an open letter.</li>
     * </ul>
     */
    public Written add(Entry entry) {
        LedgerlensException failure = entry.failure();
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                Optional<Written> earlier = entry.documentId() == null ? Optional.empty() : settled(connection, entry);
                if (earlier.isPresent()) {
                    connection.commit();
                    return earlier.get();
                }
                long id;
                try (PreparedStatement statement = connection.prepareStatement("""
                        insert into dead_letters (document_id, sha256, source_uri, file_name, reason, category, stage,
                                                  attempts, message, violations, model_answers)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb) returning id""")) {
                    SqlValues.setNullableLong(statement, 1, entry.documentId());
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
                if (entry.replaying() != null) {
                    try (PreparedStatement statement = connection.prepareStatement(
                            "update dead_letters set replayed_at = now() where id = ? and replayed_at is null")) {
                        statement.setLong(1, entry.replaying());
                        statement.executeUpdate();
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
                return new Written.Letter(id);
            } catch (SQLException | RuntimeException e) {
                StoreException.rollback(connection, e);
                throw e;
            }
        } catch (SQLException e) {
            throw StoreException.of("writing a dead letter for " + entry.fileName(), e);
        }
    }

    /**
     * Locks the document's row and settles the write without a new letter where one is not wanted: a note for a
     * stored document, the open letter for a document an earlier attempt of this write already dead-lettered.
     */
    private static Optional<Written> settled(Connection connection, Entry entry) throws SQLException {
        String status;
        try (PreparedStatement lock = connection.prepareStatement(
                "select status from documents where id = ? for update")) {
            lock.setLong(1, entry.documentId());
            try (ResultSet rows = lock.executeQuery()) {
                if (!rows.next()) {
                    return Optional.empty();
                }
                status = rows.getString(1);
            }
        }
        if (STORED.contains(status)) {
            try (PreparedStatement note = connection.prepareStatement("""
                    update documents set notes = notes || jsonb_build_array(jsonb_build_object(
                        'at', now(), 'stage', ?::text, 'reason', ?::text, 'message', ?::text)), updated_at = now()
                    where id = ?""")) {
                note.setString(1, entry.stage().label());
                note.setString(2, entry.failure().reason().name());
                note.setString(3, String.valueOf(entry.failure().getMessage()).replace("\u0000", ""));
                note.setLong(4, entry.documentId());
                note.executeUpdate();
            }
            return Optional.of(new Written.Note(status));
        }
        if (!"dead_lettered".equals(status)) {
            return Optional.empty();
        }
        try (PreparedStatement statement = connection.prepareStatement(
                "select max(id) from dead_letters where document_id = ? and replayed_at is null")) {
            statement.setLong(1, entry.documentId());
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                long open = rows.getLong(1);
                if (rows.wasNull() || Long.valueOf(open).equals(entry.replaying())) {
                    return Optional.empty();
                }
                return Optional.of(new Written.Letter(open));
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
