package dev.ledgerlens.store;

import dev.ledgerlens.failure.FailureReason;
import dev.ledgerlens.failure.LedgerlensException;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A transaction cut by a database restart must stay TRANSIENT (redelivered), even though the rollback that
 * follows fails on the connection the pool has already closed. Seen in stress/db-restart.sh before the fix:
 * documents storing at the moment of {@code pg_ctl stop -m fast} were dead-lettered as INTERNAL_ERROR.
 */
class StoreExceptionTest {
    @Test
    void aFailedRollbackAfterTheServerWentAwayDoesNotHideWhyTheTransactionFailed() {
        SQLException serverGone = new SQLException("FATAL: terminating connection due to administrator command", "57P01");
        // what HikariCP hands out once it has evicted the broken connection: every call fails, with no SQL state
        Connection closedByThePool = (Connection) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                    throw new SQLException("Connection is closed");
                });

        StoreException.rollback(closedByThePool, serverGone);
        LedgerlensException failure = StoreException.of("storing document 7", serverGone);

        assertThat(failure.reason()).isEqualTo(FailureReason.DATABASE_UNAVAILABLE);
        assertThat(serverGone.getSuppressed()).extracting(Throwable::getMessage).containsExactly("Connection is closed");
    }
}
