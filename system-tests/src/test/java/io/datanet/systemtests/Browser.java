package io.datanet.systemtests;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Debian Chromium through ChromeDriver (no browser download), and the few ways the browser tests look at
 * the console: elements by {@code data-testid}, pages by their {@code page-<name>} marker, and waiting for a
 * condition with a screenshot of the page kept when it never comes.
 */
final class Browser implements AutoCloseable {

    private static final Path SCREENSHOTS = Path.of("target", "screenshots").toAbsolutePath();

    private final WebDriver driver;
    private final Path userData;
    private final String screenshotPrefix;

    private Browser(WebDriver driver, Path userData, String screenshotPrefix) {
        this.driver = driver;
        this.userData = userData;
        this.screenshotPrefix = screenshotPrefix;
    }

    /** A fresh browser profile; its screenshots are named {@code <screenshotPrefix><name>.png}. */
    static Browser start(String screenshotPrefix) {
        try {
            Path userData = Files.createTempDirectory("datanet-chromium");
            ChromeOptions options = new ChromeOptions();
            options.setBinary(System.getProperty("datanet.chromium", "/usr/bin/chromium"));
            // Headless as root in a sandbox-less container; no background connections (the network here is
            // closed); a tall window so each screenshot holds the whole page.
            options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--no-first-run", "--disable-background-networking", "--disable-component-update",
                    "--disable-sync", "--disable-quic", "--window-size=1280,2000", "--user-data-dir=" + userData);
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(new File(System.getProperty("datanet.chromedriver",
                            "/usr/bin/chromedriver")))
                    .usingAnyFreePort()
                    .build();
            return new Browser(new ChromeDriver(service, options), userData, screenshotPrefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    WebDriver driver() {
        return driver;
    }

    Object script(String script, Object... arguments) {
        return ((JavascriptExecutor) driver).executeScript(script, arguments);
    }

    void awaitPage(String page) {
        await(() -> driver.findElements(testId("page-" + page)).isEmpty() ? null : true);
    }

    WebElement element(String id) {
        return await(() -> driver.findElements(testId(id)).stream().findFirst().orElse(null));
    }

    void click(String id) {
        element(id).click();
    }

    void type(String id, String text) {
        WebElement field = element(id);
        field.clear();
        field.sendKeys(text);
    }

    static By testId(String id) {
        return By.cssSelector("[data-testid='" + id + "']");
    }

    <T> T await(Supplier<T> condition) {
        return await(condition, Duration.ofSeconds(30));
    }

    /**
     * Waits until {@code condition} gives a non-null answer (elements re-rendered meanwhile are simply looked up
     * again). If it never does, the page as it was is kept as {@code timed-out.png}, to see why.
     */
    <T> T await(Supplier<T> condition, Duration timeout) {
        try {
            return new WebDriverWait(driver, timeout, Duration.ofMillis(200))
                    .ignoring(StaleElementReferenceException.class)
                    .ignoring(NoSuchElementException.class)
                    .until(ignored -> condition.get());
        } catch (TimeoutException e) {
            try {
                shot("timed-out");
            } catch (RuntimeException screenshotFailed) {
                e.addSuppressed(screenshotFailed);
            }
            throw e;
        }
    }

    /** Photographs the page into target/screenshots, for reviewers. */
    void shot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Path file = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath();
            Files.copy(file, SCREENSHOTS.resolve(screenshotPrefix + name + ".png"),
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        driver.quit();
        try (Stream<Path> files = Files.walk(userData)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a temporary profile left behind is harmless
        }
    }
}
