package dev.ledgerlens.app.ops;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The operations endpoint of {@code watch}: {@code GET /health} (200 when the database, the source and the
 * model are reachable, else 503, with each check as JSON) and {@code GET /metrics} (Prometheus text format).
 * The JDK's HTTP server: two read-only pages need no web framework, and it starts in milliseconds.
 * Thread-safe; one per process.
 */
public final class OpsServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OpsServer.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService executor;

    private OpsServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** Starts serving on {@code host:port} (port 0: any free port, see {@link #port()}). */
    public static OpsServer start(String host, int port, HealthChecker health, PipelineMetrics metrics) {
        try {
            HttpServer http = HttpServer.create(new InetSocketAddress(host, port), 0);
            // two threads: a scrape and a probe at once; a slow check must not block the other page
            ExecutorService executor = Executors.newFixedThreadPool(2, runnable -> {
                Thread thread = new Thread(runnable, "ledgerlens-http");
                thread.setDaemon(true);
                return thread;
            });
            http.createContext("/health", exchange -> health(exchange, health));
            http.createContext("/metrics", exchange -> send(exchange, 200,
                    "text/plain; version=0.0.4; charset=utf-8", metrics.scrape()));
            http.setExecutor(executor);
            http.start();
            LOG.info("health and metrics on http://{}:{}/health and /metrics", host, http.getAddress().getPort());
            return new OpsServer(http, executor);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + host + ":" + port
                    + " (set ledgerlens.http.port to a free port, or -1 to turn the endpoint off)", e);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private static void health(HttpExchange exchange, HealthChecker health) throws IOException {
        List<HealthChecker.Check> checks = health.check();
        boolean up = checks.stream().allMatch(HealthChecker.Check::up);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", up ? "UP" : "DOWN");
        Map<String, Object> details = new LinkedHashMap<>();
        for (HealthChecker.Check check : checks) {
            details.put(check.name(), Map.of("status", check.up() ? "UP" : "DOWN", "detail", check.detail()));
        }
        body.put("checks", details);
        send(exchange, up ? 200 : 503, "application/json", JSON.writeValueAsString(body));
    }

    private static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        try (exchange) {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("content-type", contentType);
            if ("HEAD".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(status, -1);
                return;
            }
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
