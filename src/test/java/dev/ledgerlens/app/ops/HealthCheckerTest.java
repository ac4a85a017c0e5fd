package dev.ledgerlens.app.ops;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.io.PrintWriter;
import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.sql.SQLException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What /health says when something is down: what is down, in Ledgerlens' words, never the upstream's text. */
class HealthCheckerTest {
    private static final String SECRET = "sk-upstream-echo-0000";

    private static DataSource failingDatabase() {
        return (DataSource) Proxy.newProxyInstance(HealthCheckerTest.class.getClassLoader(), new Class<?>[] {DataSource.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("getConnection")) {
                        throw new SQLException("FATAL: password authentication failed for user \"ledger\" password=" + SECRET, "28P01");
                    }
                    if (method.getName().equals("getLogWriter")) {
                        return new PrintWriter(System.err);
                    }
                    return null;
                });
    }

    @Test
    void aDownDatabaseOrModelIsReportedWithoutWhatTheUpstreamSaid() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        HealthChecker health = new HealthChecker(failingDatabase(), () -> {
            throw new IllegalStateException("listing failed: " + SECRET);
        }, HealthChecker.openAi("http://127.0.0.1:" + closed + "/v1", SECRET));

        List<HealthChecker.Check> checks = health.check();

        assertThat(checks).extracting(HealthChecker.Check::up).containsExactly(false, false, false);
        assertThat(checks).allSatisfy(check -> assertThat(check.detail()).doesNotContain(SECRET).doesNotContain("password"));
        assertThat(checks.get(0).detail()).contains("not reachable", "28P01");
        assertThat(checks.get(1).detail()).contains("IllegalStateException");
        assertThat(checks.get(2).detail()).contains("not reachable");
    }

    @Test
    void aRejectedKeyIsReportedAsSuchWithoutTheServersAnswer() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v1/models", exchange -> {
            byte[] body = ("{\"error\":{\"message\":\"Incorrect API key provided: " + SECRET + "\"}}").getBytes();
            exchange.sendResponseHeaders(401, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            HealthChecker.Check model = HealthChecker.openAi("http://127.0.0.1:" + server.getAddress().getPort() + "/v1",
                    SECRET).get();
            assertThat(model.up()).isFalse();
            assertThat(model.detail()).contains("rejected the API key").doesNotContain(SECRET);
        } finally {
            server.stop(0);
        }
    }
}
