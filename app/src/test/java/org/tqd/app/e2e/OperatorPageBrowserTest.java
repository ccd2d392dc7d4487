package org.tqd.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.tqd.app.commands.ConsoleCommand;
import org.tqd.console.ConsoleServer;
import org.tqd.console.ConsoleSettings;
import org.tqd.console.auth.Authenticator;
import org.tqd.console.auth.OidcSettings;
import org.tqd.console.auth.OidcSignIn;
import org.tqd.console.auth.OidcVerifier;
import org.tqd.console.auth.SessionSettings;
import org.tqd.console.auth.SessionStore;
import org.tqd.console.auth.TokenStore;
import org.tqd.console.web.OperatorPage;
import org.tqd.console.web.SignInRoutes;
import org.tqd.sandbox.TicketState;
import org.tqd.workflows.action.ActionSpec;
import org.tqd.workflows.action.ActionSpecs;
import org.tqd.workflows.action.Pipeline;
import org.tqd.workflows.pipeline.PipelineDefinition;

/**
 * The operator page in a real headless Chromium (Debian's {@code chromium} and {@code
 * chromium-driver}, driven by Selenium; nothing is downloaded), signed in through a real OIDC
 * provider in this JVM (mock-oauth2-server), on the real console, operator API, TDX sandbox,
 * PostgreSQL, Temporal test server and worker of {@link Scenario}.
 *
 * <p>Skipped only when {@code /usr/bin/chromedriver} is missing and {@code CI} is not set; under CI
 * a missing browser fails the test ({@code .ci/run} installs it).
 */
class OperatorPageBrowserTest {

  static final String CHROMEDRIVER =
      System.getenv().getOrDefault("TQD_CHROMEDRIVER", "/usr/bin/chromedriver");
  static final String CHROMIUM = System.getenv().getOrDefault("TQD_CHROMIUM", "/usr/bin/chromium");
  static final String SCRIPT_TITLE =
      "<script>window.__tqdInjected = 1</script><img src=x onerror=\"window.__tqdInjected = 2\"> Printer jam";
  static final ActionSpec ASSETS = ActionSpecs.create("add_asset", Map.of());
  static final ActionSpec NOTE =
      ActionSpecs.create("comment", Map.of("comment_text", "About your ticket: {{ticket.Title}}"));

  static E2ePostgres postgres;
  static Scenario scenario;
  static MockOAuth2Server idp;
  static ConsoleServer console;
  static String base;
  static int ticket;
  static Path profile;
  static SessionStore sessions;

  WebDriver driver;
  ChromeDriverService service;

  @BeforeAll
  static void start() throws Exception {
    boolean ci =
        System.getenv("CI") != null
            && !System.getenv("CI").isBlank()
            && !System.getenv("CI").equalsIgnoreCase("false");
    if (!new File(CHROMEDRIVER).canExecute()) {
      if (ci) {
        throw new IllegalStateException(
            CHROMEDRIVER
                + " is missing and CI is set: install Debian's chromium and chromium-driver"
                + " (.ci/run does when they are missing)");
      }
      Assumptions.abort(
          "no " + CHROMEDRIVER + " (apt-get install chromium chromium-driver); CI unset");
    }
    postgres = E2ePostgres.start();
    scenario =
        new Scenario(Scenario.sandbox(12, 11).build().start(), postgres.newDatabase(), 3).start();
    ticket =
        scenario.sandbox.reportTickets().stream()
            .filter(id -> !scenario.sandbox.truth(id).expectedAssetIds().isEmpty())
            .findFirst()
            .orElseThrow();
    scenario.services.tdxForActivities().patchTicket(ticket, Map.of("/Title", SCRIPT_TITLE));
    assertThat(scenario.sandbox.state(ticket).title()).isEqualTo(SCRIPT_TITLE);

    idp = new MockOAuth2Server();
    idp.start(0);
    Map<String, String> env = new LinkedHashMap<>();
    env.put("TQD_OIDC_ISSUER", idp.issuerUrl("campus").toString());
    env.put("TQD_OIDC_CLIENT_ID", "tqd-console");
    env.put("TQD_OIDC_CLIENT_SECRET", "browser-test-secret");
    env.put("TQD_OIDC_ROLE_MAP", "it-helpdesk=operator,it-admins=admin");
    OidcSettings oidc = OidcSettings.fromEnvironment(env);
    Clock clock = Clock.systemUTC();
    // Secure cookies, as in production: Chromium accepts them from http://localhost.
    sessions = new SessionStore(SessionSettings.DEFAULTS, clock);
    Authenticator auth =
        new Authenticator(
            new TokenStore(scenario.services.database().jdbi()),
            new OidcVerifier(oidc),
            sessions,
            clock);
    PipelineDefinition def =
        new PipelineDefinition(
            scenario.sandbox.reportId(), 3, Pipeline.of(List.of(ASSETS, NOTE)), "test");
    ConsoleSettings settings = new ConsoleSettings("127.0.0.1", 0, List.of(), "default");
    console =
        new ConsoleServer(
            settings,
            List.of(
                ConsoleCommand.operatorApi(scenario.services, settings, auth, List.of(def)),
                new SignInRoutes(new OidcSignIn(oidc, clock), auth),
                new OperatorPage()));
    base = "http://localhost:" + console.start();
  }

  @AfterAll
  static void stop() throws IOException {
    if (console != null) {
      console.close();
    }
    if (idp != null) {
      idp.shutdown();
    }
    if (scenario != null) {
      scenario.close();
    }
    if (postgres != null) {
      postgres.close();
    }
  }

  @BeforeEach
  void browser() throws IOException {
    profile = Files.createTempDirectory("tqd-chromium");
    service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(new File(CHROMEDRIVER))
            .usingAnyFreePort()
            .build();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM);
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1366,900",
        "--user-data-dir=" + profile);
    driver = new ChromeDriver(service, options);
  }

  @AfterEach
  void closeBrowser() {
    if (driver != null) {
      driver.quit();
    }
    if (service != null) {
      service.stop();
    }
  }

  private WebDriverWait waitUpTo(int seconds) {
    return new WebDriverWait(driver, Duration.ofSeconds(seconds));
  }

  private void signInAs(String user, List<String> groups) {
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("email", user + "@example.edu");
    claims.put("groups", groups);
    idp.enqueueCallback(
        new DefaultOAuth2TokenCallback(
            "campus", user, "JWT", List.of("tqd-console"), claims, 3600));
    driver.get(base + "/");
    WebElement link =
        waitUpTo(20).until(ExpectedConditions.elementToBeClickable(By.id("signin-link")));
    link.click();
    waitUpTo(30)
        .until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.id("who"), user + "@example.edu"));
  }

  private void openTicket() {
    WebElement input = driver.findElement(By.id("ticket-id"));
    input.clear();
    input.sendKeys(Integer.toString(ticket), Keys.ENTER);
    waitUpTo(20)
        .until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.id("ticket-title"), "Ticket " + ticket));
  }

  private WebElement act(String action, String reason) {
    WebElement button =
        driver.findElement(By.cssSelector("#ticket-actions button[data-action='" + action + "']"));
    button.click();
    WebElement dialog =
        waitUpTo(5).until(ExpectedConditions.visibilityOfElementLocated(By.id("confirm")));
    WebElement ok = driver.findElement(By.id("confirm-ok"));
    assertThat(ok.isEnabled()).as("confirm needs a reason").isFalse();
    assertThat(driver.switchTo().activeElement().getAttribute("id")).isEqualTo("confirm-reason");
    driver.findElement(By.id("confirm-reason")).sendKeys(reason);
    assertThat(ok.isEnabled()).isTrue();
    ok.click();
    return dialog;
  }

  /** Keeps a picture of the page in target/ for a person to look at (layout, readability). */
  private void screenshot(String name) {
    try {
      Path out = Path.of("target", name);
      Files.createDirectories(out.getParent());
      Files.write(
          out,
          ((org.openqa.selenium.TakesScreenshot) driver)
              .getScreenshotAs(org.openqa.selenium.OutputType.BYTES));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /**
   * Waits for a toast of the kind with the text among all shown: an earlier toast (each stays for
   * 10 s) is often still on screen above it, so looking only at the first would miss it.
   */
  private String waitForToast(String kind, String text) {
    By toast = By.cssSelector("#toasts .toast." + kind);
    try {
      return waitUpTo(120)
          .until(
              d -> {
                String all =
                    d.findElements(toast).stream()
                        .map(WebElement::getText)
                        .reduce("", (a, b) -> a + "\n" + b);
                return all.contains(text) ? all : null;
              });
    } catch (org.openqa.selenium.TimeoutException e) {
      String shown =
          driver.findElements(By.cssSelector("#toasts .toast")).stream()
              .map(t -> t.getAttribute("class") + ": " + t.getText())
              .reduce("", (a, b) -> a + "\n  " + b);
      throw new AssertionError(
          "no " + kind + " toast with '" + text + "'; toasts shown now:" + shown, e);
    }
  }

  @Test
  void anOperatorSignsInPlansRunsAndSeesTheToastAndTheAuditRow() {
    TicketState before = scenario.sandbox.state(ticket);
    signInAs("alice", List.of("staff", "it-helpdesk"));
    assertThat(driver.findElement(By.id("who")).getText()).contains("operator");
    waitUpTo(20)
        .until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#queues-body table")));
    openTicket();

    // operators may plan, run, retry and cancel; undo, pause and resume are not offered
    List<String> offered =
        driver.findElements(By.cssSelector("button[data-action]")).stream()
            .map(b -> b.getAttribute("data-action"))
            .toList();
    assertThat(offered)
        .contains("plan", "run", "retry", "cancel")
        .doesNotContain("undo", "pause", "resume");

    // Escape closes the dialog and focus returns to the button that opened it
    driver.findElement(By.cssSelector("#ticket-actions button[data-action='plan']")).click();
    waitUpTo(5).until(ExpectedConditions.visibilityOfElementLocated(By.id("confirm")));
    driver.switchTo().activeElement().sendKeys(Keys.ESCAPE);
    waitUpTo(5).until(ExpectedConditions.invisibilityOfElementLocated(By.id("confirm")));
    assertThat(driver.switchTo().activeElement().getAttribute("data-action")).isEqualTo("plan");

    // plan: the rendered texts, with the ticket's title as text, and nothing written
    act("plan", "check before running");
    waitForToast("success", "Plan of ticket " + ticket);
    WebElement plan =
        waitUpTo(10).until(ExpectedConditions.visibilityOfElementLocated(By.id("plan-view")));
    // (the plan's comment preview is cut at 100 characters)
    assertThat(plan.getText())
        .contains(
            "About your ticket: <script>window.__tqdInjected = 1</script><img src=x onerror=");
    JavascriptExecutor js = (JavascriptExecutor) driver;
    assertThat(js.executeScript("return window.__tqdInjected === undefined")).isEqualTo(true);
    assertThat(js.executeScript("return document.querySelectorAll('main script, main img').length"))
        .isEqualTo(0L);
    assertThat(scenario.sandbox.state(ticket).feed()).hasSameSizeAs(before.feed());

    // a write from this signed-in browser without the CSRF token is refused
    Object refused =
        ((JavascriptExecutor) driver)
            .executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                    + "fetch('/api/v1/tickets/"
                    + ticket
                    + "/run', {method: 'POST',"
                    + " headers: {'Content-Type': 'application/json'}, body: JSON.stringify({reason: 'forged'})})"
                    + ".then(r => r.json().then(b => done(r.status + ' ' + b.error.code)));");
    assertThat(refused).isEqualTo("403 CSRF_TOKEN_INVALID");

    // run: success toast, the timeline, TDX and the audit row
    act("run", "INC-4711 asked for it");
    String toast = waitForToast("success", "Run of ticket " + ticket + ": completed");
    assertThat(toast).contains("audit #");
    TicketState after = scenario.sandbox.state(ticket);
    assertThat(after.assetIds()).containsAll(scenario.sandbox.truth(ticket).expectedAssetIds());
    assertThat(after.feed().size()).isGreaterThan(before.feed().size());
    waitUpTo(20)
        .until(ExpectedConditions.textToBePresentInElementLocated(By.id("timeline"), "completed"));
    waitUpTo(20)
        .until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.id("audit-body"), "INC-4711 asked for it"));
    WebElement row =
        driver.findElements(By.cssSelector("#audit-body tbody tr")).stream()
            .filter(r -> r.getText().contains("INC-4711 asked for it"))
            .findFirst()
            .orElseThrow();
    screenshot("operator-page-after-run.png");
    assertThat(row.getText())
        .contains("run")
        .contains("alice@example.edu")
        .contains("operator")
        .contains(Integer.toString(ticket));

    // the audit filters: by type
    new org.openqa.selenium.support.ui.Select(driver.findElement(By.id("audit-type")))
        .selectByVisibleText("plan");
    driver.findElement(By.cssSelector("#audit-form button[type='submit']")).click();
    waitUpTo(20)
        .until(
            ExpectedConditions.not(
                ExpectedConditions.textToBePresentInElementLocated(
                    By.id("audit-body"), "INC-4711 asked for it")));
    assertThat(driver.findElement(By.id("audit-body")).getText()).contains("check before running");

    // a refused action ends in an error toast: here the session ended on the server meanwhile
    String session = driver.manage().getCookieNamed("__Host-tqd_session").getValue();
    sessions.end(session);
    act("retry", "try again");
    String error = waitForToast("error", "Retry failed");
    assertThat(error).contains("sign in again");
    waitUpTo(10).until(ExpectedConditions.visibilityOfElementLocated(By.id("signin-link")));
  }

  @Test
  void anAdminPausesAndResumesPollingFromTheQueues() {
    signInAs("ada", List.of("it-helpdesk", "it-admins"));
    assertThat(driver.findElement(By.id("who")).getText()).contains("admin");
    waitUpTo(20)
        .until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#queues-body table")));
    openTicket();
    assertThat(driver.findElements(By.cssSelector("#ticket-actions button[data-action='undo']")))
        .hasSize(1);

    // the global switch (all pipelines); each queue row then offers Resume
    driver.findElement(By.cssSelector("#queue-actions button[data-action='pause']")).click();
    waitUpTo(5).until(ExpectedConditions.visibilityOfElementLocated(By.id("confirm")));
    assertThat(driver.findElement(By.id("confirm-choice")).isDisplayed()).isTrue();
    assertThat(driver.findElement(By.id("confirm-select")).getAttribute("value")).isEmpty();
    driver.findElement(By.id("confirm-reason")).sendKeys("TDX maintenance tonight");
    driver.findElement(By.id("confirm-ok")).click();
    waitForToast("success", "Pause: completed");
    waitUpTo(20)
        .until(
            ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#queues-body button[data-action='resume']")));
    waitUpTo(20)
        .until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.id("audit-body"), "TDX maintenance tonight"));

    driver.findElement(By.cssSelector("#queue-actions button[data-action='resume']")).click();
    waitUpTo(5).until(ExpectedConditions.visibilityOfElementLocated(By.id("confirm")));
    driver.findElement(By.id("confirm-reason")).sendKeys("maintenance over");
    driver.findElement(By.id("confirm-ok")).click();
    waitForToast("success", "Resume: completed");
    waitUpTo(20)
        .until(
            ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#queues-body button[data-action='pause']")));
  }

  @Test
  void aViewerSeesTheTicketButNoWriteButtons() {
    signInAs("victor", List.of("library"));
    assertThat(driver.findElement(By.id("who")).getText()).contains("viewer");
    waitUpTo(20)
        .until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#queues-body table")));
    openTicket();
    waitUpTo(20).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#audit-body")));
    assertThat(driver.findElements(By.cssSelector("button[data-action]"))).isEmpty();
    assertThat(driver.findElement(By.id("ticket-view")).getText())
        .doesNotContain("Run")
        .doesNotContain("Plan (");

    // sign out: the session ends, and reloading the page does not bring it back
    driver.findElement(By.id("signout")).click();
    waitUpTo(10).until(ExpectedConditions.visibilityOfElementLocated(By.id("signin")));
    assertThat(driver.manage().getCookieNamed("__Host-tqd_session")).isNull();
    driver.get(base + "/");
    waitUpTo(10).until(ExpectedConditions.visibilityOfElementLocated(By.id("signin-link")));
    assertThat(driver.findElement(By.id("app")).isDisplayed()).isFalse();
  }
}
