package dev.ledgerlens.review;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.ledgerlens.review.ReviewWorkspace.DINER;
import static dev.ledgerlens.review.ReviewWorkspace.HARDWARE;
import static dev.ledgerlens.review.ReviewWorkspace.INVOICE;
import static dev.ledgerlens.review.ReviewWorkspace.TRUNCATED;
import static dev.ledgerlens.review.ReviewWorkspace.XSS;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The review server over HTTP, as a browser or an attacker's page would talk to it: no session is 401, a POST without
 * the CSRF token is 403, a vendor named {@value ReviewWorkspace#XSS} is text, no path fetches a file, a refused save
 * shows why, and a dead letter links to its reason and can be replayed.
 */
class ReviewHttpIT {
    @TempDir
    static Path workspace;
    static ReviewWorkspace data;
    static ReviewServer server;
    static HttpClient http;
    static String cookie;
    static String base;

    @BeforeAll
    static void start() throws Exception {
        data = ReviewWorkspace.create(workspace);
        server = ReviewServer.start(data.application, "127.0.0.1", 0, "tester");
        base = "http://127.0.0.1:" + server.port();
        http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
        HttpResponse<String> login = get(server.url(), null);
        assertThat(login.statusCode()).isEqualTo(303);
        String setCookie = login.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(setCookie).contains("HttpOnly").contains("SameSite=Strict");
        assertThat(login.headers().firstValue("Location")).hasValue("/");
        cookie = setCookie.substring(0, setCookie.indexOf(';'));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (data != null) {
            data.close();
        }
    }

    @Test
    void theUrlCarriesARandomTokenOn127001() {
        assertThat(server.url()).matches("http://127\\.0\\.0\\.1:\\d+/\\?token=[A-Za-z0-9_-]{43}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "/records/1", "/documents/1/pages/1", "/dead-letters", "/dead-letters/1"})
    void withoutASessionEveryPageIsRefused(String path) throws Exception {
        assertThat(get(base + path, null).statusCode()).isEqualTo(401);
        assertThat(get(base + path, "ledgerlens_review=forged").statusCode()).isEqualTo(401);
    }

    @Test
    void aWrongTokenGivesNoSession() throws Exception {
        HttpResponse<String> response = get(base + "/?token=guessed", null);
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("Set-Cookie")).isEmpty();
    }

    @Test
    void aPostWithoutTheSessionsCsrfTokenIsRefusedAndChangesNothing() throws Exception {
        long id = data.idOf(INVOICE);
        assertThat(post("/records/" + id, "action=reject", cookie).statusCode()).isEqualTo(403);
        assertThat(post("/records/" + id, "action=reject&csrf=forged", cookie).statusCode()).isEqualTo(403);
        assertThat(post("/records/" + id, "action=reject&csrf=" + csrf(), null).statusCode())
                .as("no session").isEqualTo(401);
        assertThat(data.statusOf(INVOICE)).isEqualTo("valid");

        HttpResponse<String> approved = post("/records/" + id, "action=approve&basis=0&csrf=" + csrf(), cookie);
        assertThat(approved.statusCode()).isEqualTo(303);
        assertThat(data.statusOf(INVOICE)).isEqualTo("approved");
        assertThat(data.rows.one("select reviewed_by from documents where file_name = ?", INVOICE))
                .containsEntry("reviewed_by", "tester");
    }

    @Test
    void aVendorNamedLikeAScriptIsShownAsText() throws Exception {
        for (String path : new String[]{"/", "/records/" + data.idOf(HARDWARE)}) {
            HttpResponse<String> page = get(base + path, cookie);
            assertThat(page.statusCode()).isEqualTo(200);
            // as text: &lt;script&gt;…; inside a quoted attribute value jte escapes < (and quotes), which is enough there
            assertThat(page.body()).containsPattern("&lt;script(&gt;|>)alert\\(1\\)&lt;/script").doesNotContain("<script>alert");
            assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow())
                    .contains("script-src 'self'").doesNotContain("unsafe-inline");
        }
    }

    @Test
    void aPageImageIsServedByDocumentIdAndPageNumber() throws Exception {
        HttpResponse<byte[]> image = http.send(HttpRequest.newBuilder(URI.create(base + "/documents/" + data.idOf(DINER)
                + "/pages/1")).header("Cookie", cookie).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(image.statusCode()).isEqualTo(200);
        assertThat(image.headers().firstValue("Content-Type").orElseThrow()).startsWith("image/");
        assertThat(image.body().length).isGreaterThan(1000);
        assertThat(get(base + "/documents/" + data.idOf(DINER) + "/pages/2", cookie).statusCode()).isEqualTo(404);
        assertThat(get(base + "/documents/999999/pages/1", cookie).statusCode()).isEqualTo(404);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/../../../../etc/passwd", "/static/../../pom.xml", "/static/..%2f..%2fpom.xml",
            "/static/review.css/../../../../etc/passwd", "/documents/1/pages/../../../../etc/passwd",
            "/documents/..%2f..%2f..%2fetc%2fpasswd/pages/1", "//etc/passwd", "/%2fetc%2fpasswd", "/etc/passwd",
            "/static//etc/passwd", "/static/%2e%2e/%2e%2e/pom.xml", "/documents/1/pages/1/../../../../../etc/passwd",
            "/records/1/../../../../etc/passwd"})
    void noPathFetchesAFile(String target) throws Exception {
        String response = raw("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + server.port() + "\r\nCookie: " + cookie
                + "\r\nConnection: close\r\n\r\n");
        assertThat(response).startsWith("HTTP/1.1 404").doesNotContain("root:x:0").doesNotContain("<artifactId>");
    }

    @Test
    void aRequestForAnotherHostIsRefused() throws Exception {
        String response = raw("GET / HTTP/1.1\r\nHost: rebound.example:" + server.port() + "\r\nCookie: " + cookie
                + "\r\nConnection: close\r\n\r\n");
        assertThat(response).startsWith("HTTP/1.1 403");
    }

    @Test
    void anUnreadableTotalIsRefusedWithTheReasonAndNothingIsStored() throws Exception {
        long id = data.idOf(HARDWARE);
        HttpResponse<String> refused = post("/records/" + id, "action=save&basis=0&total=about+thirty&csrf=" + csrf(), cookie);

        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(refused.body()).contains("Not saved").contains("about thirty").contains("is not an amount");
        assertThat(data.rows.count("select count(*) from corrections where document_id = ?", id)).isZero();
    }

    @Test
    void aDeadLetterLinksToItsReasonAndIsReplayed() throws Exception {
        long letter = data.letterOf(TRUNCATED);
        HttpResponse<String> list = get(base + "/dead-letters", cookie);
        assertThat(list.body()).contains(TRUNCATED).contains("CORRUPT_DOCUMENT").contains("/dead-letters/" + letter);

        HttpResponse<String> page = get(base + "/dead-letters/" + letter, cookie);
        assertThat(page.body()).contains("CORRUPT_DOCUMENT").contains("Its pages cannot be shown").contains("Replay");

        HttpResponse<String> replayed = post("/dead-letters/" + letter + "/replay", "csrf=" + csrf(), cookie);
        assertThat(replayed.statusCode()).isEqualTo(303);
        long again = data.letterOf(TRUNCATED);
        assertThat(again).as("failed again: a new open letter, the replayed one closed").isGreaterThan(letter);
        assertThat(replayed.headers().firstValue("Location")).hasValue("/dead-letters/" + again);
        assertThat(get(base + "/dead-letters/" + again, cookie).body()).contains("failed again (CORRUPT_DOCUMENT)");
    }

    private static String csrf() throws Exception {
        Matcher matcher = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(get(base + "/", cookie).body());
        assertThat(matcher.find()).isTrue();
        return URLEncoder.encode(matcher.group(1), StandardCharsets.UTF_8);
    }

    private static HttpResponse<String> get(String url, String cookie) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String path, String form, String cookie) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** One request exactly as written (no client normalises its path), the whole response as text. */
    private static String raw(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }
}
