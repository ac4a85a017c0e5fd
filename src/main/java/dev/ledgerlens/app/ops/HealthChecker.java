package dev.ledgerlens.app.ops;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;

import javax.sql.DataSource;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Answers "can this instance do its work now?": the database, the source and the model, each checked when
 * asked (a probe every few seconds costs one query, one listing and one small request).
 * <p>
 * A check's detail is in this class's own words (what is down, an HTTP status, an error code), never the text an
 * upstream server or driver sent: that text can hold user names, connection strings or a server's echo of a key,
 * and {@code /health} is read by anything that can reach the port. The full error goes to the log.
 * Thread-safe.
 */
public final class HealthChecker {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(HealthChecker.class);
    /** One check's answer; {@code detail} says what to fix when it is down. */
    public record Check(String name, boolean up, String detail) {
        public static Check up(String name, String detail) {
            return new Check(name, true, detail);
        }

        public static Check down(String name, String detail) {
            return new Check(name, false, detail);
        }
    }

    private final Map<String, Supplier<Check>> checks = new LinkedHashMap<>();

    /**
     * @param database the pool the pipeline uses
     * @param source   checks the folder or bucket
     * @param model    checks the extraction engine's endpoint
     */
    public HealthChecker(DataSource database, Supplier<Check> source, Supplier<Check> model) {
        checks.put("database", () -> database(database));
        checks.put("source", source);
        checks.put("model", model);
    }

    /** Runs every check; a check that throws counts as down with the error as its detail. */
    public List<Check> check() {
        List<Check> results = new ArrayList<>();
        checks.forEach((name, check) -> {
            try {
                results.add(check.get());
            } catch (RuntimeException e) {
                LOG.warn("health check '{}' failed: {}", name, e.toString());
                results.add(Check.down(name, "the check failed (" + e.getClass().getSimpleName() + "); see the log"));
            }
        });
        return results;
    }

    /** The folder exists and can be read. */
    public static Supplier<Check> folder(Path folder) {
        return () -> Files.isDirectory(folder) && Files.isReadable(folder)
                ? Check.up("source", folder.toAbsolutePath().toString())
                : Check.down("source", folder.toAbsolutePath() + " is not a readable folder");
    }

    /** The bucket answers a HEAD request with these credentials. */
    public static Supplier<Check> bucket(S3Client client, String bucket) {
        return () -> {
            try {
                client.headBucket(request -> request.bucket(bucket));
                return Check.up("source", "s3://" + bucket);
            } catch (SdkException e) {
                LOG.warn("health check: s3://{} is not reachable: {}", bucket, e.getMessage());
                String status = e instanceof software.amazon.awssdk.awscore.exception.AwsServiceException service
                        ? "HTTP " + service.statusCode() + (service.awsErrorDetails() == null ? ""
                        : " " + service.awsErrorDetails().errorCode()) : e.getClass().getSimpleName();
                return Check.down("source", "s3://" + bucket + " is not reachable (" + status + "); see the log");
            }
        };
    }

    /**
     * The model's API answers {@code GET <base>/models} with the configured key. Any answer but a rejected
     * key or a server error counts as reachable (a compatible server without that path answers 404).
     */
    public static Supplier<Check> openAi(String baseUrl, String apiKey) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        URI models = URI.create(baseUrl.replaceAll("/+$", "") + "/models");
        return () -> {
            try {
                HttpResponse<Void> response = http.send(HttpRequest.newBuilder(models).timeout(Duration.ofSeconds(3))
                        .header("Authorization", "Bearer " + apiKey).GET().build(), HttpResponse.BodyHandlers.discarding());
                int status = response.statusCode();
                if (status == 401 || status == 403) {
                    return Check.down("model", baseUrl + " rejected the API key (HTTP " + status + "): check OPENAI_API_KEY");
                }
                return status >= 500 ? Check.down("model", baseUrl + " answered HTTP " + status)
                        : Check.up("model", baseUrl + " answered HTTP " + status);
            } catch (IOException e) {
                LOG.warn("health check: {} is not reachable: {}", baseUrl, e.toString());
                return Check.down("model", baseUrl + " is not reachable (" + e.getClass().getSimpleName() + "); see the log");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Check.down("model", "interrupted");
            }
        };
    }

    /** An engine that runs in this process is reachable while the process is. */
    public static Supplier<Check> inProcess(String engine) {
        return () -> Check.up("model", engine + " engine, in process");
    }

    private static Check database(DataSource database) {
        try (Connection connection = database.getConnection()) {
            // 2 s: a probe that waits longer than the prober's own timeout tells it nothing
            return connection.isValid(2) ? Check.up("database", "connected")
                    : Check.down("database", "the connection did not answer within 2 s");
        } catch (SQLException e) {
            LOG.warn("health check: the database is not reachable: {}", e.getMessage());
            return Check.down("database", "not reachable" + (e.getSQLState() == null ? "" : " (SQLSTATE " + e.getSQLState() + ")")
                    + "; see the log");
        }
    }
}
