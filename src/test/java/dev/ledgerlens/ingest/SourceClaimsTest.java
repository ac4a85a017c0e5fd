package dev.ledgerlens.ingest;

import dev.ledgerlens.failure.FailureReason;
import dev.ledgerlens.failure.LedgerlensException;
import dev.ledgerlens.testing.TestDatabase;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

import javax.sql.DataSource;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.TimeZone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

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

    /**
     * Two instances whose JVMs run in time zones 25 hours apart (UTC+14 and UTC−11) share one database. The JDBC
     * driver writes a zone-less timestamp in the JVM's own zone: with the instances' clocks, the eastern one's claim
     * looked 25 hours old to the western one (stolen while alive) or, the other way round, 25 hours in the future
     * (never expiring). With the database's clock both see the same age.
     */
    @Test
    void instancesInDifferentTimeZonesNeitherStealLiveClaimsNorKeepDeadOnes() throws Exception {
        TestDatabase.truncate();
        DataSource database = TestDatabase.get().dataSource();
        TimeZone original = TimeZone.getDefault();
        try {
            TimeZone.setDefault(TimeZone.getTimeZone("Pacific/Kiritimati"));
            SourceClaims east = new SourceClaims(database, new DefaultCamelContext(), Duration.ofSeconds(3), Duration.ofSeconds(1));
            assertThat(east.add("file:/inbox/a.pdf-1-1")).isTrue();

            TimeZone.setDefault(TimeZone.getTimeZone("Pacific/Pago_Pago"));
            SourceClaims west = new SourceClaims(database, new DefaultCamelContext(), Duration.ofSeconds(3), Duration.ofSeconds(1));
            assertThat(west.add("file:/inbox/a.pdf-1-1")).as("a live claim is not stolen").isFalse();
            assertThat(west.contains("file:/inbox/a.pdf-1-1")).isTrue();
            assertThat(west.add("file:/inbox/b.pdf-1-1")).isTrue();

            TimeZone.setDefault(TimeZone.getTimeZone("Pacific/Kiritimati"));
            assertThat(east.add("file:/inbox/b.pdf-1-1")).as("nor the other way round").isFalse();

            // the eastern instance dies: its claim is not refreshed, and expires after max-age for the western one
            TimeZone.setDefault(TimeZone.getTimeZone("Pacific/Pago_Pago"));
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                    .until(() -> west.add("file:/inbox/a.pdf-1-1"));
        } finally {
            TimeZone.setDefault(original);
        }
    }

    /** The keep-alive outlives a refresh that fails with an Error; the claim stays live while its holder lives. */
    @Test
    void theKeepAliveSurvivesAnErrorAndKeepsTheClaimAlive() throws Exception {
        TestDatabase.truncate();
        DataSource real = TestDatabase.get().dataSource();
        java.util.concurrent.atomic.AtomicInteger failures = new java.util.concurrent.atomic.AtomicInteger(0);
        DataSource flaky = (DataSource) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getConnection") && failures.getAndDecrement() > 0) {
                        throw new StackOverflowError("a refresh that dies with an Error");
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        DefaultCamelContext context = new DefaultCamelContext();
        SourceClaims holder = new SourceClaims(flaky, context, Duration.ofSeconds(3), Duration.ofMillis(500));
        holder.start();
        try {
            assertThat(holder.add("file:/inbox/c.pdf-1-1")).isTrue();
            failures.set(2); // the next two refreshes throw
            SourceClaims other = new SourceClaims(real, context, Duration.ofSeconds(3), Duration.ofMillis(500));
            // well past max-age: only refreshes after the two failed ones can have kept it alive
            Thread.sleep(5_000);
            assertThat(failures.get()).as("the failing refreshes happened").isLessThanOrEqualTo(0);
            assertThat(other.add("file:/inbox/c.pdf-1-1")).as("still held").isFalse();
        } finally {
            holder.stop();
        }
    }
}
