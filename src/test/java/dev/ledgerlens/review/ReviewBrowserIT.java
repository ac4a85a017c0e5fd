package dev.ledgerlens.review;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ledgerlens.export.ExportFormat;
import dev.ledgerlens.export.ExportSettings;
import dev.ledgerlens.store.StoredRecords;
import dev.ledgerlens.validate.RecordStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

import static dev.ledgerlens.review.ReviewWorkspace.DINER;
import static dev.ledgerlens.review.ReviewWorkspace.XSS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The review page in a real browser (headless Chromium driven by Selenium), as a reviewer uses it: open the queue
 * from the printed address, open the receipt whose total the model misread (it fails reconciliation), correct the
 * total, see the checks pass, approve with the keyboard; then the database holds the correction beside the engine's
 * reading, the record is approved, and the next export carries the corrected total.
 *
 * <p>Needs Debian's {@code chromium} and {@code chromium-driver} ({@code .ci/run} installs them); skips with a message
 * when they are absent. Screenshots go to {@code target/review-screenshots/}; with {@code LEDGERLENS_UPDATE_SCREENSHOTS=1}
 * also to {@code docs/} (the ones docs/review.md shows).
 */
class ReviewBrowserIT {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    @TempDir
    static Path workspace;
    static ReviewWorkspace data;
    static ReviewServer server;
    static WebDriver browser;

    @BeforeAll
    static void start() throws IOException {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "needs headless Chromium: apt-get install chromium chromium-driver (.ci/run does); skipped");
        data = ReviewWorkspace.create(workspace);
        server = ReviewServer.start(data.application, "127.0.0.1", 0, "ci");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // a closed network: nothing may try to reach out (sync, updates, QUIC probes), and no first-run dialogs
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--user-data-dir=" + Files.createDirectories(workspace.resolve("chromium")));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        browser.manage().window().setSize(new Dimension(1440, 1000));
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (server != null) {
            server.close();
        }
        if (data != null) {
            data.close();
        }
    }

    @Test
    void aReviewerCorrectsAMisreadTotalApprovesItAndTheNextExportCarriesIt() throws IOException {
        long diner = data.idOf(DINER);

        browser.get(server.url());
        assertThat(browser.getCurrentUrl()).as("the token leaves the address bar").doesNotContain("token");
        assertThat(browser.findElement(By.id("queue")).getText()).contains(DINER).contains("total_equals_parts");
        assertThat(browser.findElements(By.cssSelector("td.vendor"))).extracting(WebElement::getText).contains(XSS);
        assertThatThrownBy(() -> browser.switchTo().alert()).isInstanceOf(NoAlertPresentException.class);

        browser.findElement(By.name("name")).clear();
        browser.findElement(By.name("name")).sendKeys("Ana Reviewer");
        browser.findElement(By.cssSelector("form.reviewer button")).click();
        assertThat(browser.findElement(By.id("flash")).getText()).contains("Ana Reviewer");
        screenshot("review-queue.png");

        browser.findElement(By.linkText(DINER)).click();
        assertThat(browser.findElement(By.id("status")).getText()).isEqualTo("needs_review");
        assertThat(browser.findElement(By.id("problems")).getText()).contains("total_equals_parts").contains("59.56");
        WebElement total = browser.findElement(By.id("f-total"));
        assertThat(total.getAttribute("value")).isEqualTo("59.56");
        assertThat(browser.findElement(By.id("g-total")).getText()).isEqualTo("not found on the page");
        assertThat((Long) script("return document.getElementById('page-1').naturalWidth")).as("page image").isPositive();
        browser.findElement(By.id("f-subtotal")).click();
        assertThat(browser.findElements(By.cssSelector("rect.box.active[data-field='subtotal']")))
                .as("the subtotal's word box is highlighted on the page while its field has focus").isNotEmpty();
        screenshot("review-record.png");

        total.clear();
        total.sendKeys("49.56");
        browser.findElement(By.id("save")).click();

        assertThat(browser.findElement(By.id("flash")).getText()).contains("Saved 1 correction").contains("status valid");
        assertThat(browser.findElement(By.id("status")).getText()).isEqualTo("valid");
        assertThat(browser.findElement(By.id("problems")).getText()).isEqualTo("Every check passes.");
        assertThat(browser.findElement(By.id("corrections")).getText()).contains("Ana Reviewer").contains("59.56")
                .contains("49.56");

        browser.findElement(By.tagName("body")).sendKeys("a"); // the approve shortcut
        assertThat(browser.findElement(By.id("flash")).getText()).contains("Document " + diner).contains("approved");

        assertThat(data.statusOf(DINER)).isEqualTo("approved");
        assertThat(data.rows.one("select total from extractions where document_id = ?", diner).get("total").toString())
                .as("the engine's reading is kept").isEqualTo("59.56");
        assertThat(data.rows.one("select field_path, old_value, new_value, reviewer from corrections where document_id = ?",
                diner)).containsEntry("field_path", "total").containsEntry("old_value", "59.56")
                .containsEntry("new_value", "49.56").containsEntry("reviewer", "Ana Reviewer");

        Path export = workspace.resolve("next.jsonl");
        ExportFormat.JSONL.exporter(ExportSettings.from(data.application.config())).export(
                data.application.storedRecords().find(new StoredRecords.Query(
                        List.of(RecordStatus.VALID, RecordStatus.APPROVED), null, null)), export);
        JsonNode line = Files.readAllLines(export, StandardCharsets.UTF_8).stream().map(ReviewBrowserIT::json)
                .filter(node -> node.get("file_name").asText().equals(DINER)).findFirst().orElseThrow();
        assertThat(line.get("status").asText()).isEqualTo("approved");
        assertThat(line.at("/fields/total").asText()).isEqualTo("49.56");
        assertThat(line.at("/original_fields/total").asText()).isEqualTo("59.56");
        assertThat(line.at("/corrections/0/reviewer").asText()).isEqualTo("Ana Reviewer");
    }

    private static Object script(String code) {
        return ((JavascriptExecutor) browser).executeScript(code);
    }

    private static JsonNode json(String line) {
        try {
            return new ObjectMapper().readTree(line);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void screenshot(String name) throws IOException {
        Path shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
        Path target = Files.createDirectories(Path.of("target", "review-screenshots")).resolve(name);
        Files.copy(shot, target, StandardCopyOption.REPLACE_EXISTING);
        if ("1".equals(System.getenv("LEDGERLENS_UPDATE_SCREENSHOTS"))) {
            Files.copy(shot, Path.of("docs").resolve(name), StandardCopyOption.REPLACE_EXISTING);
        }
    }

}
