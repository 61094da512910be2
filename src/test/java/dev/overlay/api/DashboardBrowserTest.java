package dev.overlay.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard at {@code /} in a real headless browser, against a node with a peer: it shows the node
 * and the peer, and publishes through the page once the operator has pasted the token. Runs in
 * {@link HeadlessChromium}; skipped, with the reason, where it is not installed. Leaves a screenshot
 * in {@code target/dashboard.png}.
 */
class DashboardBrowserTest {

    private static final Path SCREENSHOT = Path.of("target", "dashboard.png");

    @RegisterExtension
    static final RunningNodes nodes = new RunningNodes();

    @TempDir
    static Path tempDir;

    private static RunningNode node;
    private static RunningNode peer;
    private static WebDriver browser;
    private static WebDriverWait wait;

    @BeforeAll
    static void startNodesAndBrowser() {
        if (HeadlessChromium.MISSING != null) {
            return;
        }
        node = nodes.start("node");
        peer = nodes.start("peer");
        assertThat(node.connectTo(peer).status()).isEqualTo(201);
        browser = HeadlessChromium.start(tempDir.resolve("chromium-profile"));
        wait = new WebDriverWait(browser, Duration.ofSeconds(30));
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    /** A fresh page for every test, without a token; the skip is decided here so the report keeps its reason. */
    @BeforeEach
    void openDashboard() {
        assumeTrue(HeadlessChromium.MISSING == null, HeadlessChromium.MISSING);
        browser.get(node.baseUri().toString());
        ((JavascriptExecutor) browser).executeScript("sessionStorage.clear()");
        browser.navigate().refresh();
    }

    @Test
    void showsTheNodeAndItsPeerInThePeersTable() {
        wait.until(ExpectedConditions.textToBe(By.id("node-id"), node.nodeId()));
        wait.until(ExpectedConditions.presenceOfElementLocated(peerRow()));

        assertThat(browser.findElement(peerRow()).getText()).contains("active").contains("outbound");
        assertThat(browser.findElement(By.id("node-network")).getText()).isEqualTo("api-test");
    }

    @Test
    void actionsStayDisabledUntilTheTokenIsPastedAndItIsKeptInSessionStorageOnly() {
        By publish = By.cssSelector("#publish-form button");
        assertThat(browser.findElement(publish).isEnabled()).isFalse();

        pasteToken();

        assertThat(browser.findElement(publish).isEnabled()).isTrue();
        assertThat(((JavascriptExecutor) browser).executeScript("return sessionStorage.getItem('overlay.apiToken')"))
                .isEqualTo(RunningNode.TOKEN);
        assertThat(browser.getCurrentUrl()).doesNotContain(RunningNode.TOKEN);
    }

    @Test
    void publishingThroughThePageShowsTheMessageInTheLiveView() throws Exception {
        pasteToken();
        browser.findElement(By.id("publish-topic")).clear();
        browser.findElement(By.id("publish-topic")).sendKeys("dashboard");
        browser.findElement(By.id("publish-payload")).sendKeys("hello from the dashboard");
        browser.findElement(By.cssSelector("#publish-form button")).click();

        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("messages"), "hello from the dashboard"));
        assertThat(browser.findElement(By.id("action-result")).getText()).isEqualTo("Published on dashboard.");
        assertThat(peer.get("/api/v1/messages?topic=dashboard").body()).contains(node.nodeId());
        // The neighbourhood lists the peer once its crawl has answered, and the charts have drawn.
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("map-text"),
                peer.nodeId().substring(0, 12)));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#chart-messages svg path")));
        Files.createDirectories(SCREENSHOT.getParent());
        Files.copy(((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath(), SCREENSHOT,
                StandardCopyOption.REPLACE_EXISTING);
    }

    private static By peerRow() {
        return By.cssSelector("#peers tbody tr[data-node-id='" + peer.nodeId() + "']");
    }

    private static void pasteToken() {
        wait.until(ExpectedConditions.elementToBeClickable(By.id("token"))).sendKeys(RunningNode.TOKEN);
        browser.findElement(By.cssSelector("#token-form button[type=submit]")).click();
        wait.until(ExpectedConditions.textToBe(By.id("token-state"), "Token set: actions enabled."));
    }
}
