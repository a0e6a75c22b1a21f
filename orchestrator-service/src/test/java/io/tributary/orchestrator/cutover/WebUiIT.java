package io.tributary.orchestrator.cutover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.tributary.auth.Operator;
import io.tributary.orchestrator.SqliteSourcesTestResource;
import io.tributary.testing.TestInfrastructure;
import io.tributary.testing.TributaryTestResource;
import java.net.URL;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The web UI in a real browser (headless Chromium): an operator signs in, submits a plan, watches
 * the tables load, finds a validation with differences and the rows behind it, repairs the table by
 * a resync, and cuts over with the rehearsal and a typed confirmation. Screenshots of each stage go
 * to {@code target/ui-screenshots}; the data is checked in the databases themselves.
 */
@QuarkusTest
@WithTestResource(TributaryTestResource.class)
@WithTestResource(SqliteSourcesTestResource.class)
class WebUiIT {
  private static final Duration WAIT = Duration.ofMinutes(2);
  private static final int ROWS = 2000;

  @ConfigProperty(name = TributaryTestResource.DATABASE)
  String database;

  @TestHTTPResource("/ui/")
  URL ui;

  @BeforeEach
  void services() throws Exception {
    CutoverServices.ensure(database);
  }

  @Test
  @DisplayName(
      "Sign in, submit a plan, watch progress, see a validation's differing rows, resync the table"
          + " and cut over, all through the web UI; the target then holds every source row")
  void migrationThroughTheBrowser() throws Exception {
    String id = "web-" + UUID.randomUUID().toString().substring(0, 6);
    String schema = id.replace('-', '_');
    Path file = NotesFile.create("web-ui-", ROWS);
    try (Connection c = NotesFile.open(file);
        Statement st = c.createStatement()) {
      st.execute("CREATE TABLE tags (id INTEGER PRIMARY KEY, label TEXT NOT NULL)");
      st.execute("INSERT INTO tags SELECT id, 'tag ' || id FROM notes WHERE id <= 50");
      // text that is not UTF-8: a reject, kept with its reason and shown in the UI
      st.execute("INSERT INTO tags VALUES (999, CAST(X'C328FF' AS TEXT))");
    }
    // the addresses an operator types lead to the console
    for (String typed : List.of("/", "/ui")) {
      RestAssured.given()
          .redirects()
          .follow(false)
          .get(typed)
          .then()
          .statusCode(302)
          .header("Location", "/ui/");
    }
    // the live view of a migration that does not exist: 404, not a stream
    Operator.given().get("/migrations/{id}/live", "no-such-migration").then().statusCode(404);
    ChromeDriver chrome = HeadlessChromium.start();
    try {
      // the bare address: redirected to the console, which asks to sign in
      chrome.get(new URL(ui, "/").toString());
      await().atMost(WAIT).until(() -> chrome.getCurrentUrl().contains("/ui/sign-in.html"));
      // sign in with the operator token
      chrome.get(ui + "sign-in.html?then=/ui/");
      chrome.findElement(By.id("token")).sendKeys(Operator.TOKEN);
      chrome.findElement(By.id("submit")).click();
      awaitShown(chrome, By.id("sign-out"));
      assertThat(chrome.findElement(By.cssSelector("header .who")).getText())
          .contains("signed in as " + Operator.NAME);

      // check, then submit a plan
      String plan =
          "migration: %s\nsources:\n  - name: notes-app\n    kind: sqlite\n    path: %s\n    schema: %s\n"
              .formatted(id, file.toAbsolutePath(), schema);
      setValue(chrome, chrome.findElement(By.id("plan")), plan);
      chrome.findElement(By.id("check-plan")).click();
      await()
          .atMost(WAIT)
          .until(() -> text(chrome, By.id("plan-result")).contains("The plan is valid"));
      assertThat(text(chrome, By.id("plan-result"))).contains("CREATE TABLE");
      chrome.findElement(By.id("submit-plan")).click();
      await().atMost(WAIT).until(() -> chrome.getCurrentUrl().contains("migration.html?id=" + id));

      // the tables load: progress bars, then REPLICATING with every row in
      await()
          .atMost(WAIT)
          .pollInterval(Duration.ofMillis(500))
          .until(() -> text(chrome, By.id("state")).equals("REPLICATING"));
      await()
          .atMost(WAIT)
          .pollInterval(Duration.ofMillis(500))
          .until(
              () ->
                  text(chrome, By.cssSelector("tr[data-table=notes] td.progress")).contains("100 %")
                      && text(chrome, By.cssSelector("tr[data-table=notes]"))
                          .contains(String.format("%,d / %,d", ROWS, ROWS)));
      assertThat(text(chrome, By.cssSelector("tr[data-table=tags]"))).contains("1"); // a reject
      HeadlessChromium.screenshot(chrome, "1-tables-progress");
      // the charts over time: samples of the load drawn, more of them as time passes
      int loaded = chartPoints(chrome, "chart-lag", 2);
      chartPoints(chrome, "chart-rate", 1);
      assertThat(chrome.findElements(By.cssSelector("#chart-validation rect.state"))).isNotEmpty();
      scrollTo(chrome, "charts");
      HeadlessChromium.screenshot(chrome, "1b-charts-loading");

      // the reject is listed with its reason
      click(chrome, By.cssSelector("tr[data-table=tags] td:nth-child(8) a"));
      await().atMost(WAIT).until(() -> text(chrome, By.id("rejects")).contains("999"));
      assertThat(text(chrome, By.id("rejects"))).containsIgnoringCase("utf-8");

      // the target drifts; a deep validation from the UI finds and lists the rows
      execute("DELETE FROM " + schema + ".notes WHERE id % 100 = 0");
      chrome.get(ui + "migration.html?id=" + id);
      awaitShown(chrome, By.id("validate"));
      await().atMost(WAIT).until(() -> enabled(chrome, By.id("validate")));
      click(chrome, By.id("validate"));
      await().atMost(WAIT).until(() -> text(chrome, By.id("message")).contains("requested"));
      chrome.get(ui + "validation.html?id=" + id + "&table=notes");
      await()
          .atMost(WAIT)
          .pollInterval(Duration.ofMillis(500))
          .until(
              () ->
                  text(chrome, By.cssSelector("tr[data-mode=deep]")).contains("MISMATCH")
                      && !chrome
                          .findElements(By.cssSelector("tr[data-mode=deep] .show-differences"))
                          .isEmpty());
      chrome.findElement(By.cssSelector("tr[data-mode=deep] .show-differences")).click();
      await()
          .atMost(WAIT)
          .until(
              () ->
                  chrome.findElements(By.cssSelector("#difference-rows tbody tr")).size()
                      == ROWS / 100);
      assertThat(text(chrome, By.id("difference-rows"))).contains("missing").contains("\"id\":100");
      HeadlessChromium.screenshot(chrome, "2-validation-differences");

      // resync the table from the UI: read again, the drift is gone
      chrome.get(ui + "migration.html?id=" + id);
      await()
          .atMost(WAIT)
          .until(() -> enabled(chrome, By.cssSelector("tr[data-table=notes] button.resync")));
      click(chrome, By.cssSelector("tr[data-table=notes] button.resync"));
      chrome.switchTo().alert().accept();
      await()
          .atMost(WAIT)
          .until(() -> text(chrome, By.id("message")).contains("Resync of notes requested"));
      await()
          .atMost(WAIT)
          .pollInterval(Duration.ofMillis(500))
          .until(
              () ->
                  rows(database, "SELECT id || ':' || body FROM " + schema + ".notes ORDER BY id")
                      .equals(
                          NotesFile.rows(file, "SELECT id || ':' || body FROM notes ORDER BY id")));

      assertThat(chartPoints(chrome, "chart-lag", loaded + 1)).isGreaterThan(loaded);

      // cutover: rehearsal, typed confirmation, steps shown live until cut over
      await().atMost(WAIT).until(() -> enabled(chrome, By.id("cutover")));
      click(chrome, By.id("cutover"));
      chrome.findElement(By.id("accept-rejects")).click();
      // a rehearsal reports the moment it runs (the continuous validation may still hold the
      // drift the resync repaired): run it again, as an operator would, until it says Ready
      await()
          .atMost(WAIT)
          .pollInterval(Duration.ofSeconds(2))
          .untilAsserted(
              () -> {
                chrome.findElement(By.id("run-check")).click();
                await()
                    .atMost(WAIT)
                    .until(() -> !text(chrome, By.id("check-result")).contains("rehearsing"));
                assertThat(text(chrome, By.id("check-result"))).contains("Ready");
              });
      assertThat(chrome.findElement(By.id("start-cutover")).isEnabled()).isFalse();
      chrome.findElement(By.id("cutover-confirm")).sendKeys(id);
      assertThat(chrome.findElement(By.id("start-cutover")).isEnabled()).isTrue();
      chrome.findElement(By.id("cutover-reason")).sendKeys("WebUiIT");
      chrome.findElement(By.id("start-cutover")).click();
      await()
          .atMost(WAIT)
          .pollInterval(Duration.ofMillis(500))
          .until(
              () ->
                  text(chrome, By.id("state")).equals("CUT_OVER")
                      && text(chrome, By.id("cutover-panel")).contains("cut_over")
                      && !chrome.findElements(By.id("write-pause")).isEmpty());
      assertThat(text(chrome, By.id("cutover-steps"))).contains("freeze").contains("switch");
      HeadlessChromium.screenshot(chrome, "3-cutover-done");
      // the cutover's steps on its time line, the write pause marked
      await()
          .atMost(WAIT)
          .pollInterval(Duration.ofMillis(500))
          .until(
              () ->
                  !chrome
                          .findElements(
                              By.cssSelector("#chart-cutover rect.step[data-step=switch]"))
                          .isEmpty()
                      && !chrome.findElements(By.id("chart-cutover-pause")).isEmpty());
      assertThat(text(chrome, By.id("chart-cutover"))).contains("write pause");
      scrollTo(chrome, "charts");
      HeadlessChromium.screenshot(chrome, "3b-cutover-timeline");
      assertThat(HeadlessChromium.cspViolations(chrome))
          .as("the pages, charts included, keep to the Content-Security-Policy")
          .isEmpty();
      assertThat(CutoverApi.state(id)).isEqualTo("CUT_OVER");
      assertThat(rows(database, "SELECT id || ':' || body FROM " + schema + ".notes ORDER BY id"))
          .isEqualTo(NotesFile.rows(file, "SELECT id || ':' || body FROM notes ORDER BY id"));

      // the fallback window: a write on the target goes back into the file, the panel shows it
      // verified in reverse, and "Fall back…" (the id typed to confirm) takes the file back
      execute(
          "INSERT INTO " + schema + ".notes (id, body) VALUES (987654, 'written on the target')");
      await()
          .atMost(WAIT)
          .pollInterval(Duration.ofMillis(500))
          .until(
              () ->
                  NotesFile.rows(file, "SELECT body FROM notes WHERE id = 987654")
                      .equals(List.of("written on the target")));
      await()
          .atMost(WAIT)
          .pollInterval(Duration.ofMillis(500))
          .until(
              () ->
                  text(chrome, By.id("fallback-window")).contains("every table verified")
                      && text(chrome, By.id("fallback-window"))
                          .contains(" 0 rows written back since"));
      HeadlessChromium.screenshot(chrome, "4-fallback-window");
      click(chrome, By.id("fallback"));
      chrome.switchTo().alert().sendKeys(id);
      chrome.switchTo().alert().accept();
      await()
          .atMost(WAIT)
          .pollInterval(Duration.ofMillis(500))
          .until(
              () ->
                  text(chrome, By.id("state")).equals("FELL_BACK")
                      && text(chrome, By.id("message")).contains("fell_back"));
      assertThat(text(chrome, By.id("message"))).contains("write pause");
      HeadlessChromium.screenshot(chrome, "5-fell-back");
      assertThat(CutoverApi.state(id)).isEqualTo("FELL_BACK");
      assertThat(NotesFile.rows(file, "SELECT id || ':' || body FROM notes ORDER BY id"))
          .isEqualTo(
              rows(database, "SELECT id || ':' || body FROM " + schema + ".notes ORDER BY id"));
    } catch (AssertionError | RuntimeException e) {
      HeadlessChromium.screenshot(chrome, "failure");
      throw e;
    } finally {
      chrome.quit();
    }
  }

  private static void awaitShown(ChromeDriver chrome, By what) {
    await().atMost(WAIT).until(() -> !chrome.findElements(what).isEmpty());
  }

  /**
   * The text of an element, "" while it is not there. The live page redraws its tables on every
   * update, so an element found may be replaced before it is read: read it again then.
   */
  /**
   * Waits until the line of the notes table in chart {@code chart} has at least {@code atLeast}
   * points; their number.
   */
  private static int chartPoints(ChromeDriver chrome, String chart, int atLeast) {
    By line = By.cssSelector("#" + chart + " polyline[data-series='notes-app.notes']");
    await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(500))
        .ignoreExceptions()
        .until(
            () ->
                Integer.parseInt(chrome.findElement(line).getDomAttribute("data-points"))
                    >= atLeast);
    return Integer.parseInt(chrome.findElement(line).getDomAttribute("data-points"));
  }

  private static void scrollTo(ChromeDriver chrome, String id) {
    chrome.executeScript("document.getElementById(arguments[0]).scrollIntoView()", id);
  }

  private static String text(ChromeDriver chrome, By what) {
    for (int attempt = 0; ; attempt++) {
      try {
        List<WebElement> found = chrome.findElements(what);
        return found.isEmpty() ? "" : found.get(0).getText();
      } catch (StaleElementReferenceException e) {
        if (attempt == 10) {
          throw e;
        }
      }
    }
  }

  /** Clicks an element of the live page, found again if a redraw replaced it meanwhile. */
  private static void click(ChromeDriver chrome, By what) {
    await()
        .atMost(WAIT)
        .ignoreException(StaleElementReferenceException.class)
        .until(
            () -> {
              chrome.findElement(what).click();
              return true;
            });
  }

  private static boolean enabled(ChromeDriver chrome, By what) {
    try {
      List<WebElement> found = chrome.findElements(what);
      return !found.isEmpty() && found.get(0).isEnabled();
    } catch (StaleElementReferenceException e) {
      return false;
    }
  }

  /** Sets a textarea's value as typing would end, without typing each key. */
  private static void setValue(ChromeDriver chrome, WebElement element, String value) {
    chrome.executeScript("arguments[0].value = arguments[1];", element, value);
  }

  private void execute(String sql) throws SQLException {
    try (Connection c = TestInfrastructure.get().connect(database);
        Statement st = c.createStatement()) {
      st.execute(sql);
    }
  }

  private static List<String> rows(String db, String sql) throws SQLException {
    try (Connection c = TestInfrastructure.get().connect(db);
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      List<String> out = new ArrayList<>();
      while (rs.next()) {
        out.add(rs.getString(1));
      }
      return out;
    }
  }
}
