package dev.ledgerlens.store;

import dev.ledgerlens.validate.RecordStatus;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/** A reviewer's decisions on stored records. Thread-safe: every call takes its own connection from the pool. */
public final class ReviewRepository {
    private final DataSource dataSource;

    public ReviewRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Sets a reviewer's decision. Returns false when no stored record has that id. */
    public boolean setReviewStatus(long documentId, RecordStatus status) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement("""
                     update documents set status = ?, updated_at = now()
                     where id = ? and status in ('valid', 'needs_review', 'duplicate', 'approved', 'rejected')""")) {
            statement.setString(1, status.label());
            statement.setLong(2, documentId);
            return statement.executeUpdate() == 1;
        } catch (SQLException e) {
            throw StoreException.of("reviewing document " + documentId, e);
        }
    }
}
