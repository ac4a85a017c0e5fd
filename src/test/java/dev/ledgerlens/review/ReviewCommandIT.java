package dev.ledgerlens.review;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ledgerlens.testing.LedgerlensProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static dev.ledgerlens.review.ReviewWorkspace.DINER;
import static dev.ledgerlens.review.ReviewWorkspace.HARDWARE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ledgerlens review list|show|edit|serve} as the packaged command line ({@code approve}: TrustedRecordsIT), on
 * the data directory a run left (this test owns its embedded PostgreSQL; the commands attach to it like a second
 * Ledgerlens process).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReviewCommandIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path workspace;
    static ReviewWorkspace data;
    static LedgerlensProcess cli;

    @BeforeAll
    static void start() throws Exception {
        cli = new LedgerlensProcess(Map.of("LEDGERLENS_DATA_DIR", workspace.resolve("data").toString()));
        cli.assumePackaged();
        data = ReviewWorkspace.create(workspace);
    }

    @AfterAll
    static void stop() {
        if (data != null) {
            data.close();
        }
    }

    @Test
    @Order(1)
    void listShowsTheQueueWithItsReasonsAndFiltersByReason() throws Exception {
        LedgerlensProcess.Result list = cli.run("review", "list");
        assertThat(list.exitCode()).as(list.output()).isZero();
        assertThat(list.output()).contains(DINER).contains("59.56 USD").contains("total_equals_parts,total_grounded")
                .contains(HARDWARE);

        LedgerlensProcess.Result json = cli.run("review", "list", "--reason", "total_equals_parts", "--json");
        List<JsonNode> lines = new ArrayList<>();
        for (String line : json.output().lines().filter(line -> line.startsWith("{")).toList()) {
            lines.add(JSON.readTree(line));
        }
        assertThat(lines).extracting(node -> node.get("file_name").asText()).containsExactlyInAnyOrder(DINER, HARDWARE);
        assertThat(lines).filteredOn(node -> node.get("file_name").asText().equals(DINER)).singleElement()
                .satisfies(node -> {
                    assertThat(node.get("total").asText()).isEqualTo("59.56");
                    assertThat(node.get("id").asLong()).isEqualTo(data.idOf(DINER));
                });
    }

    @Test
    @Order(2)
    void showGivesFieldsItemsGroundingReasonsAndTheOriginal() throws Exception {
        long id = data.idOf(DINER);
        LedgerlensProcess.Result show = cli.run("review", "show", String.valueOf(id));
        assertThat(show.exitCode()).as(show.output()).isZero();
        assertThat(show.output()).containsPattern("total\\s+59\\.56\\s+not found on the page")
                .containsPattern("subtotal\\s+40\\.50\\s+printed on page 1")
                .contains("[0] Cheeseburger").contains("total_equals_parts: subtotal 40.50")
                .contains(workspace.resolve("data").resolve("originals").toString());

        String shown = cli.run("review", "show", String.valueOf(id), "--json").output();
        JsonNode json = JSON.readTree(shown.substring(shown.indexOf("\n{") + 1)); // after any log lines on stderr
        assertThat(json.at("/grounding/total/grounded").asBoolean()).isFalse();
        assertThat(json.at("/grounding/subtotal/page").asInt()).isEqualTo(1);
        assertThat(json.at("/original/kept").asBoolean()).isTrue();
        assertThat(json.at("/pages/0/words").asInt()).as("word boxes kept from the text layer").isPositive();
    }

    @Test
    @Order(3)
    void editRefusesAnUnreadableValueAndStoresNothing() {
        LedgerlensProcess.Result refused = cli.run("review", "edit", String.valueOf(data.idOf(DINER)), "total=forty-nine");
        assertThat(refused.exitCode()).isEqualTo(64);
        assertThat(refused.output()).contains("nothing stored").contains("is not an amount");
        assertThat(data.rows.count("select count(*) from corrections")).isZero();
    }

    @Test
    @Order(4)
    void editCorrectsTheTotalTheStatusFollowsTheChecksAndTheExportUsesIt() throws Exception {
        long id = data.idOf(DINER);
        LedgerlensProcess.Result edit = cli.run("review", "edit", String.valueOf(id), "total=49.56", "--reviewer", "ops");
        assertThat(edit.exitCode()).as(edit.output()).isZero();
        assertThat(edit.output()).contains("total 59.56 -> 49.56").contains("document " + id + ": valid");
        assertThat(data.statusOf(DINER)).isEqualTo("valid");
        assertThat(data.rows.one("select total from extractions where document_id = ?", id).get("total").toString())
                .isEqualTo("59.56");

        LedgerlensProcess.Result export = cli.run("export", "--format", "jsonl");
        JsonNode diner = null;
        for (String line : export.output().lines().filter(line -> line.startsWith("{")).toList()) {
            JsonNode node = JSON.readTree(line);
            if (node.get("file_name").asText().equals(DINER)) {
                diner = node;
            }
        }
        assertThat(diner).as("a valid record is in the default export: " + export.output()).isNotNull();
        assertThat(diner.at("/fields/total").asText()).isEqualTo("49.56");
        assertThat(diner.at("/original_fields/total").asText()).isEqualTo("59.56");
        assertThat(diner.at("/corrections/0/reviewer").asText()).isEqualTo("ops");
    }

    @Test
    @Order(5)
    void editOfALineItemThatStillFailsKeepsTheRecordInReview() {
        long id = data.idOf(HARDWARE);
        LedgerlensProcess.Result edit = cli.run("review", "edit", String.valueOf(id), "--item", "0.price=1.00",
                "--reviewer", "lead");
        assertThat(edit.exitCode()).as(edit.output()).isZero();
        assertThat(edit.output()).contains("items[0].price").contains("needs_review").contains("items_sum_to_subtotal");
        assertThat(data.rows.one("select status, reviewed_by from documents where id = ?", id))
                .containsEntry("status", "needs_review").containsEntry("reviewed_by", "lead");
    }

    @Test
    @Order(6)
    void servePrintsOneLineWithTheAddressAndServesIt() throws Exception {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-jar", Path.of("target", "ledgerlens.jar").toAbsolutePath().toString(), "review", "serve", "--port", "0");
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().keySet().removeIf(name -> name.startsWith("LEDGERLENS_") || name.startsWith("OPENAI_"));
        builder.environment().put("LEDGERLENS_DATA_DIR", workspace.resolve("data").toString());
        Process serve = builder.start();
        // stdout read to its end on its own thread: the first line is the address, nothing may follow it
        List<String> printed = java.util.Collections.synchronizedList(new ArrayList<>());
        CompletableFuture<String> first = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    printed.add(line);
                    first.complete(line);
                }
            } catch (java.io.IOException e) {
                first.completeExceptionally(e);
            }
            first.complete(null);
        });
        reader.start();
        try {
            String line = first.get(120, TimeUnit.SECONDS);
            assertThat(line).matches("Review at http://127\\.0\\.0\\.1:\\d+/\\?token=[A-Za-z0-9_-]{43}");

            HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
            String url = line.substring("Review at ".length());
            HttpResponse<String> login = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(login.statusCode()).isEqualTo(303);
            String cookie = login.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
            String root = url.substring(0, url.indexOf("/?"));
            HttpResponse<String> queue = http.send(HttpRequest.newBuilder(URI.create(root + "/")).header("Cookie", cookie)
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(queue.statusCode()).isEqualTo(200);
            assertThat(queue.body()).contains("Records to review");

            serve.destroy(); // SIGTERM, as Ctrl-C or systemd stop
            assertThat(serve.waitFor(60, TimeUnit.SECONDS)).isTrue();
            reader.join(10_000);
            assertThat(printed).as("one line on stdout, nothing else").containsExactly(line);
        } finally {
            serve.destroyForcibly();
        }
    }
}
