package dev.ledgerlens.failure;

import java.io.IOException;
import java.sql.SQLException;

/**
 * Recognises a full disk (or an exhausted quota) behind a failure, so that it stops the run as {@link
 * FailureReason#DISK_FULL} instead of dead-lettering every remaining document as if each were at fault.
 */
public final class DiskFull {
    /** PostgreSQL's SQLSTATE for "disk full". */
    private static final String POSTGRES_DISK_FULL = "53100";

    private DiskFull() {
    }

    /** Whether {@code failure}, or anything that caused it, says the disk or the quota is full. */
    public static boolean isCause(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && POSTGRES_DISK_FULL.equals(sql.getSQLState())) {
                return true;
            }
            String message = cause.getMessage();
            // the JDK's file-system exceptions carry the system's own text for ENOSPC and EDQUOT
            if (cause instanceof IOException && message != null
                    && (message.contains("No space left on device") || message.contains("Disk quota exceeded"))) {
                return true;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }

    /** {@link FailureReason#DISK_FULL} when the disk is full, else {@code otherwise}, with {@code message}. */
    public static LedgerlensException or(FailureReason otherwise, String message, Throwable cause) {
        if (isCause(cause)) {
            return new LedgerlensException(FailureReason.DISK_FULL, message
                    + " (the disk is full: free space where the data directory is, then run again)", cause);
        }
        return new LedgerlensException(otherwise, message, cause);
    }
}
