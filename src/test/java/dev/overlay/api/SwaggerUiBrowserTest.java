package dev.overlay.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Swagger UI in a real headless browser: the page renders the node's operations, and the token entered
 * through "Authorize" is sent with the calls tried out from the page.
 *
 * <p>Runs in {@link HeadlessChromium}; skipped, with the reason, where it is not installed.
 */
class SwaggerUiBrowserTest {

    private static final By OPERATION = By.cssSelector(".opblock");
    private static final By DIALOG = By.cssSelector(".modal-ux");
    /** Swagger UI names the field after the security scheme. */
    private static final By TOKEN_INPUT = By.id("auth-" + OpenApiConfiguration.BEARER + "-value");

    @TempDir
    static Path tempDir;

    private static RunningNode node;
    private static WebDriver browser;
    private static WebDriverWait wait;

    @BeforeAll
    static void startNodeAndBrowser() {
        if (HeadlessChromium.MISSING != null) {
            return;
        }
        node = RunningNode.start(tempDir.resolve("node"));
        browser = HeadlessChromium.start(tempDir.resolve("chromium-profile"));
        wait = new WebDriverWait(browser, Duration.ofSeconds(30));
    }

    @AfterAll
    static void stopBrowserAndNode() {
        if (browser != null) {
            browser.quit();
        }
        if (node != null) {
            node.close();
        }
    }

    /**
     * A fresh page for every test, as Swagger UI keeps the token only in the page's memory. The skip is
     * decided here rather than in {@code @BeforeAll}, where the build's report would drop its reason.
     */
    @BeforeEach
    void openSwaggerUi() {
        assumeTrue(HeadlessChromium.MISSING == null, HeadlessChromium.MISSING);
        browser.get(node.baseUri().resolve("/swagger-ui.html").toString());
        wait.until(ExpectedConditions.visibilityOfElementLocated(OPERATION));
    }

    @Test
    void pageListsEveryOperationOfTheApiDocument() {
        List<String> documented = OpenApiDocumentTest.DocumentedOperation.all(node.get("/v3/api-docs").json())
                .stream().map(Object::toString).toList();

        wait.until(ExpectedConditions.numberOfElementsToBe(OPERATION, documented.size()));
        List<String> listed = browser.findElements(OPERATION).stream()
                .map(block -> block.findElement(By.cssSelector(".opblock-summary-method")).getText() + " "
                        + block.findElement(By.cssSelector(".opblock-summary-path")).getDomAttribute("data-path"))
                .toList();

        assertThat(listed).containsExactlyInAnyOrderElementsOf(documented)
                .contains("GET /api/v1/node", "GET /api/v1/peers", "POST /api/v1/peers", "POST /api/v1/messages");
    }

    @Test
    void authorizeOpensADialogAskingForTheBearerToken() {
        browser.findElement(By.cssSelector("button.authorize")).click();

        WebElement dialog = wait.until(ExpectedConditions.visibilityOfElementLocated(DIALOG));
        assertThat(dialog.findElement(By.tagName("h4")).getText()).startsWith(OpenApiConfiguration.BEARER)
                .endsWith("(http, Bearer)");
        assertThat(dialog.findElement(TOKEN_INPUT).isDisplayed()).isTrue();
    }

    @Test
    void tokenEnteredThroughAuthorizeIsSentWithTriedOutCalls() {
        authorize(RunningNode.TOKEN);
        String reservePeer = "#operations-discovery-addReservedPeer ";

        // "Try it out" fills in the documented example, so this also shows the example is valid input.
        browser.findElement(By.cssSelector(reservePeer + ".opblock-summary")).click();
        clickWhenReady(By.cssSelector(reservePeer + ".try-out__btn"));
        clickWhenReady(By.cssSelector(reservePeer + ".execute"));

        WebElement status = wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector(reservePeer + ".live-responses-table .response .response-col_status")));
        assertThat(status.getText()).isEqualTo("201");
        assertThat(node.engine().registry().reserved()).hasSize(1);
    }

    private static void authorize(String token) {
        browser.findElement(By.cssSelector("button.authorize")).click();
        WebElement dialog = wait.until(ExpectedConditions.visibilityOfElementLocated(DIALOG));
        dialog.findElement(TOKEN_INPUT).sendKeys(token);
        dialog.findElement(By.cssSelector("button.authorize")).click();
        // Once authorized, the dialog shows the token masked instead of the input.
        wait.until(ExpectedConditions.invisibilityOfElementLocated(TOKEN_INPUT));
        clickWhenReady(By.cssSelector(".modal-ux button.btn-done"));
    }

    private static void clickWhenReady(By button) {
        wait.until(ExpectedConditions.elementToBeClickable(button)).click();
    }
}
