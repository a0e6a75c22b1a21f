package io.tributary.orchestrator.cutover;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;

/**
 * Debian's Chromium, headless, driven through Debian's chromedriver (never one Selenium would
 * download): {@code TRIBUTARY_CHROMIUM} and {@code TRIBUTARY_CHROMEDRIVER} name others. Missing,
 * they fail the test saying how to install them ({@code deploy/local/setup.sh} does).
 */
final class HeadlessChromium {
  private HeadlessChromium() {}

  static ChromeDriver start() {
    Path browser = binary("TRIBUTARY_CHROMIUM", "/usr/bin/chromium");
    Path driver = binary("TRIBUTARY_CHROMEDRIVER", "/usr/bin/chromedriver");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(browser.toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--window-size=1440,1000",
        "--lang=en-US");
    // the console's messages (a Content-Security-Policy violation among them), read by
    // cspViolations
    options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
    ChromeDriverService service =
        new ChromeDriverService.Builder().usingDriverExecutable(driver.toFile()).build();
    ChromeDriver chrome = new ChromeDriver(service, options);
    chrome.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
    return chrome;
  }

  /** Saves what the browser shows as a PNG under {@code target/ui-screenshots}. */
  static Path screenshot(ChromeDriver chrome, String name) throws IOException {
    Path dir = Path.of("target", "ui-screenshots");
    Files.createDirectories(dir);
    Path file = dir.resolve(name + ".png");
    Files.write(file, chrome.getScreenshotAs(OutputType.BYTES));
    return file;
  }

  /**
   * The messages of the browser's console since the last call that report a Content-Security-Policy
   * violation (a script, style or image the page's policy refused).
   */
  static List<String> cspViolations(ChromeDriver chrome) {
    List<String> violations = new ArrayList<>();
    for (LogEntry entry : chrome.manage().logs().get(LogType.BROWSER)) {
      if (entry.getMessage().contains("Content Security Policy")) {
        violations.add(entry.getMessage());
      }
    }
    return violations;
  }

  private static Path binary(String variable, String fallback) {
    String named = System.getenv(variable);
    Path path = Path.of(named == null || named.isBlank() ? fallback : named);
    if (!Files.isExecutable(path)) {
      throw new IllegalStateException(
          path
              + " is missing: the browser test needs Debian's chromium and chromium-driver"
              + " (./deploy/local/setup.sh installs them), or "
              + variable
              + " naming another");
    }
    return path;
  }
}
