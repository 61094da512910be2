package dev.overlay.api;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's chromium driven through Debian's chromedriver, both named explicitly so that Selenium never
 * tries to download a browser or driver (this machine's network would refuse). {@code .ci/run} installs
 * them where it can; tests skip with {@link #MISSING} as the reason where they are absent.
 */
final class HeadlessChromium {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    /** Why a browser test cannot run on this machine; null when it can. */
    static final String MISSING = Stream.of(CHROMIUM, CHROMEDRIVER)
            .filter(executable -> !Files.isExecutable(executable)).findFirst()
            .map(executable -> "browser test skipped: " + executable
                    + " not found; install Debian packages chromium chromium-driver")
            .orElse(null);

    private HeadlessChromium() {
    }

    /** A fresh browser with its own profile under {@code profile}, so runs stay independent. */
    static WebDriver start(Path profile) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // Without the background-networking flags Chromium keeps dialling Google's services, which a
        // closed network refuses.
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--window-size=1400,1800", "--user-data-dir=" + profile);
        return new ChromeDriver(new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build(), options);
    }
}
