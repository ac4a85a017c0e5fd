package dev.ledgerlens.store;

import dev.ledgerlens.validate.RecordEditor;
import dev.ledgerlens.validate.RecordStatus;
import dev.ledgerlens.validate.ReviewReason;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * A reviewer's decisions on stored records: approve, reject, and corrections, which are rows of their own
 * ({@code corrections}) and never change the extraction the engine wrote. Thread-safe: every call takes its own
 * connection from the pool.
 */
public final class ReviewRepository {
    private static final String STORED = "('valid', 'needs_review', 'duplicate', 'approved', 'rejected')";

    private final DataSource dataSource;

    public ReviewRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Sets a reviewer's decision. Returns false when no stored record has that id. */
    public boolean setReviewStatus(long documentId, RecordStatus status) {
        return setReviewStatus(documentId, status, null);
    }

    /** Sets a reviewer's decision, recording who took it. Returns false when no stored record has that id. */
    public boolean setReviewStatus(long documentId, RecordStatus status, String reviewer) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement("""
                     update documents set status = ?, updated_at = now(), reviewed_by = ?,
                            reviewed_at = case when ? is null then reviewed_at else now() end
                     where id = ? and status in""" + " " + STORED)) {
            statement.setString(1, status.label());
            statement.setString(2, reviewer);
            statement.setString(3, reviewer);
            statement.setLong(4, documentId);
            return statement.executeUpdate() == 1;
        } catch (SQLException e) {
            throw StoreException.of("reviewing document " + documentId, e);
        }
    }

    /**
     * A correction to write.
     *
     * @param documentId   the document
     * @param extractionId the extraction the changes apply to (its current one when the reviewer read it)
     * @param basis        the id of the last correction the reviewer saw (0: none); another one since means
     *                     someone else changed the record meanwhile, and nothing is written
     * @param changes      the changes, in the order they apply
     * @param status       the record's new status
     * @param reasons      its review reasons after the correction
     * @param reviewer     who made it
     */
    public record CorrectionWrite(long documentId, long extractionId, long basis, List<RecordEditor.Change> changes,
                                  RecordStatus status, List<ReviewReason> reasons, String reviewer) {
        public CorrectionWrite {
            changes = List.copyOf(changes);
            reasons = List.copyOf(reasons);
        }
    }

    /** What {@link #correct} did. */
    public enum CorrectionResult {
        /** The changes, status and reasons are stored. */
        WRITTEN,
        /** No stored record with that id and extraction. */
        NOT_FOUND,
        /** The record changed since the reviewer read it (a newer correction or extraction); nothing written. */
        STALE
    }

    /** Writes the changes as correction rows and the record's new status and reasons, in one transaction. */
    public CorrectionResult correct(CorrectionWrite write) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                CorrectionResult checked = check(connection, write);
                if (checked != CorrectionResult.WRITTEN) {
                    connection.rollback();
                    return checked;
                }
                try (PreparedStatement statement = connection.prepareStatement("""
                        insert into corrections (document_id, extraction_id, field_path, old_value, new_value, reviewer)
                        values (?, ?, ?, ?, ?, ?)""")) {
                    for (RecordEditor.Change change : write.changes()) {
                        statement.setLong(1, write.documentId());
                        statement.setLong(2, write.extractionId());
                        statement.setString(3, change.path());
                        statement.setString(4, change.oldValue());
                        statement.setString(5, change.newValue());
                        statement.setString(6, write.reviewer());
                        statement.addBatch();
                    }
                    statement.executeBatch();
                }
                try (PreparedStatement statement = connection.prepareStatement("""
                        update documents set status = ?, review_reasons = ?::jsonb, updated_at = now(),
                               reviewed_by = ?, reviewed_at = now()
                        where id = ?""")) {
                    statement.setString(1, write.status().label());
                    statement.setString(2, Json.write(write.reasons()));
                    statement.setString(3, write.reviewer());
                    statement.setLong(4, write.documentId());
                    statement.executeUpdate();
                }
                connection.commit();
                return CorrectionResult.WRITTEN;
            } catch (SQLException | RuntimeException e) {
                StoreException.rollback(connection, e);
                throw e;
            }
        } catch (SQLException e) {
            throw StoreException.of("correcting document " + write.documentId(), e);
        }
    }

    /** A document's identity and name, whatever its status: what review needs to show its pages. */
    public record DocumentFile(long id, String sha256, String fileName, String status) {
    }

    /** The document with this id, stored or dead-lettered. */
    public java.util.Optional<DocumentFile> documentFile(long documentId) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(
                     "select id, sha256, file_name, status from documents where id = ?")) {
            statement.setLong(1, documentId);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? java.util.Optional.of(new DocumentFile(rows.getLong(1), rows.getString(2).trim(),
                        rows.getString(3), rows.getString(4))) : java.util.Optional.empty();
            }
        } catch (SQLException e) {
            throw StoreException.of("reading document " + documentId, e);
        }
    }

    /** Locks the document and checks that it is stored, on this extraction, with no correction newer than the basis. */
    private static CorrectionResult check(Connection connection, CorrectionWrite write) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement(
                "select current_extraction from documents where id = ? and status in " + STORED + " for update")) {
            lock.setLong(1, write.documentId());
            try (ResultSet rows = lock.executeQuery()) {
                if (!rows.next()) {
                    return CorrectionResult.NOT_FOUND;
                }
                if (rows.getLong(1) != write.extractionId()) {
                    return CorrectionResult.STALE;
                }
            }
        }
        try (PreparedStatement latest = connection.prepareStatement(
                "select coalesce(max(id), 0) from corrections where extraction_id = ?")) {
            latest.setLong(1, write.extractionId());
            try (ResultSet rows = latest.executeQuery()) {
                rows.next();
                return rows.getLong(1) == write.basis() ? CorrectionResult.WRITTEN : CorrectionResult.STALE;
            }
        }
    }
}
