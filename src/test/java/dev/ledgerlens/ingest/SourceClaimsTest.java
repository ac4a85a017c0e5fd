package dev.ledgerlens.ingest;

import dev.ledgerlens.failure.FailureReason;
import dev.ledgerlens.failure.LedgerlensException;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

import java.net.ServerSocket;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A claim that cannot reach the database is a transient failure (redelivered until the database is back), not a
 * bad file sent to the dead-letter queue at once. The database restart test found the latter.
 */
class SourceClaimsTest {
    @Test
    void aDatabaseThatIsDownMakesClaimingATransientFailure() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        PGSimpleDataSource down = new PGSimpleDataSource();
        down.setServerNames(new String[] {"127.0.0.1"});
        down.setPortNumbers(new int[] {closedPort});
        down.setDatabaseName("ledgerlens");
        down.setConnectTimeout(2);
        SourceClaims claims = new SourceClaims(down, new DefaultCamelContext(), Duration.ofSeconds(30), Duration.ofSeconds(10));

        assertThatThrownBy(() -> claims.add("file:/inbox/receipt.pdf-100-1"))
                .isInstanceOfSatisfying(LedgerlensException.class, e -> {
                    assertThat(e.reason()).isEqualTo(FailureReason.DATABASE_UNAVAILABLE);
                    assertThat(e.isTransient()).isTrue();
                })
                .hasMessageContaining("receipt.pdf");
    }
}
