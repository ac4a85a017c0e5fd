package dev.ledgerlens.store;

import dev.ledgerlens.failure.DiskFull;
import dev.ledgerlens.failure.FailureReason;
import dev.ledgerlens.failure.LedgerlensException;

import java.sql.Connection;
import java.sql.SQLException;

/** Turns JDBC failures into typed ones: connection trouble is TRANSIENT, anything else a defect. */
final class StoreException {
    private StoreException() {
    }

    static LedgerlensException of(String action, SQLException e) {
        String state = e.getSQLState();
        // Class 08 = connection exception, 57P = operator intervention (server shutting down), 40001 = serialization failure
        boolean transientFailure = state != null
                && (state.startsWith("08") || state.startsWith("57P") || state.equals("40001") || state.equals("40P01"));
        if (transientFailure) {
            return new LedgerlensException(FailureReason.DATABASE_UNAVAILABLE, "database error while " + action + ": " + e.getMessage(), e);
        }
        return DiskFull.or(FailureReason.INTERNAL_ERROR, "database error while " + action + ": " + e.getMessage(), e);
    }

    /**
     * Rolls back after {@code failure}. When the server went away mid-transaction the pool has already closed
     * the connection and the rollback fails too ("Connection is closed", no SQL state); that second failure must
     * not replace the first, whose SQL state (57P01, 08006) is what makes the document TRANSIENT and redelivered.
     */
    static void rollback(Connection connection, Exception failure) {
        try {
            connection.rollback();
        } catch (SQLException rollbackFailure) {
            failure.addSuppressed(rollbackFailure);
        }
    }
}
