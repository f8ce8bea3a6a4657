package co.entrega.support;

import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's chromium and chromium-driver (installed by .ci/run), headless, downloading into a given folder. The
 * binaries are named explicitly so Selenium Manager never tries to fetch a browser.
 */
public final class HeadlessChromium {

    private HeadlessChromium() {
    }

    public static boolean installed() {
        return new File(binary()).canExecute() && new File(driver()).canExecute();
    }

    public static ChromeDriver start(Path downloads, String language) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(binary());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--window-size=1280,1000", "--lang=" + language);
        options.setExperimentalOption("prefs", Map.of(
                "download.default_directory", downloads.toAbsolutePath().toString(),
                "download.prompt_for_download", false,
                "intl.accept_languages", language));
        // The page's console, for a test to show when a script failed.
        options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(driver()))
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        return driver;
    }

    /**
     * A passkey authenticator built into the browser, as a phone's or a laptop's: it keeps discoverable credentials
     * and verifies its user (Chromium's virtual authenticator, through WebDriver).
     */
    public static org.openqa.selenium.virtualauthenticator.VirtualAuthenticator passkeyAuthenticator(
            ChromeDriver driver) {
        return driver.addVirtualAuthenticator(new org.openqa.selenium.virtualauthenticator.VirtualAuthenticatorOptions()
                .setProtocol(org.openqa.selenium.virtualauthenticator.VirtualAuthenticatorOptions.Protocol.CTAP2)
                .setTransport(org.openqa.selenium.virtualauthenticator.VirtualAuthenticatorOptions.Transport.INTERNAL)
                .setHasResidentKey(true)
                .setHasUserVerification(true)
                .setIsUserVerified(true)
                .setIsUserConsenting(true));
    }

    /** The element, once it is displayed (a page loading, a script showing it). */
    public static org.openqa.selenium.WebElement shown(ChromeDriver driver, org.openqa.selenium.By by) {
        return new org.openqa.selenium.support.ui.WebDriverWait(driver, Duration.ofSeconds(15))
                .until(org.openqa.selenium.support.ui.ExpectedConditions.visibilityOfElementLocated(by));
    }

    /**
     * A port free now, for a service that must listen where its base URL says before it starts (a passkey is bound
     * to the page's origin, so a random port chosen at start-up will not do).
     */
    public static int freePort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What the pages printed on the browser's console (script errors among them), one line each. */
    public static String console(ChromeDriver driver) {
        StringBuilder lines = new StringBuilder();
        driver.manage().logs().get(org.openqa.selenium.logging.LogType.BROWSER)
                .forEach(entry -> lines.append(entry.getLevel()).append(' ').append(entry.getMessage()).append('\n'));
        return lines.toString();
    }

    private static String binary() {
        return System.getProperty("entrega.test.chromium", "/usr/bin/chromium");
    }

    private static String driver() {
        return System.getProperty("entrega.test.chromedriver", "/usr/bin/chromedriver");
    }
}
