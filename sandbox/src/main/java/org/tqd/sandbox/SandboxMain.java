package org.tqd.sandbox;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Runs a {@link TdxSandbox} as a process: prints the settings a client needs as {@code KEY=VALUE}
 * lines ({@code TDX_BASE_URL}, {@code TDX_BEID}, {@code TDX_WEB_SERVICES_KEY}, {@code
 * TDX_USERNAME}, {@code TDX_PASSWORD}, {@code TDX_TICKET_APP_ID}, {@code TDX_APP_ID}, {@code
 * DAEMON_REPORT_ID}, {@code TDX_SANDBOX_URL}) and serves until SIGTERM or SIGINT. Bad arguments
 * print a message and exit with status 2.
 */
@Command(
    name = "sandbox",
    mixinStandardHelpOptions = true,
    description = "Serve a local simulator of the TeamDynamix Web API.",
    sortOptions = false)
public final class SandboxMain implements java.util.concurrent.Callable<Integer> {

  @Option(names = "--port", description = "Port to listen on; 0 picks a free one. Default 0.")
  int port;

  @Option(names = "--host", description = "Address to listen on. Default 127.0.0.1.")
  String host = "127.0.0.1";

  @Option(names = "--tickets", description = "Tickets to generate into the report. Default 20.")
  int tickets = 20;

  @Option(names = "--seed", description = "Generator and credential seed. Default 1.")
  long seed = 1;

  @Option(names = "--no-limits", description = "Do not enforce rate limits (and send no headers).")
  boolean noLimits;

  @Option(names = "--limit-scale", description = "Multiply every documented limit. Default 1.")
  double limitScale = 1.0;

  @Option(
      names = "--limit-window-seconds",
      description = "Replace every 60 s window with this many seconds.")
  Double limitWindowSeconds;

  @Option(names = "--token-lifetime", description = "Token lifetime in seconds. Default 86400.")
  long tokenLifetime = 86_400;

  @Option(names = "--quoted-token", description = "Return tokens JSON-quoted.")
  boolean quotedToken;

  @Option(names = "--latency-ms", description = "Delay every API response. Default 0.")
  long latencyMs;

  @Option(names = "--error-share", description = "Share of API calls answered 500. Default 0.")
  double errorShare;

  @Option(
      names = "--error-after-write-share",
      description = "Share of successful writes answered 500 after taking effect. Default 0.")
  double errorAfterWriteShare;

  @Option(names = "--hang-share", description = "Share of API calls that hang. Default 0.")
  double hangShare;

  @Option(names = "--hang-ms", description = "How long a hanging call waits. Default 30000.")
  long hangMs = 30_000;

  @Option(
      names = "--empty-body-share",
      description = "Share of successful writes answered with an empty body. Default 0.")
  double emptyBodyShare;

  @Option(
      names = "--lost-answer-share",
      description =
          "Share of successful writes that take effect and are answered only after --hang-ms."
              + " Default 0.")
  double lostAnswerShare;

  @Option(
      names = "--lost-answer-templates",
      split = ",",
      description =
          "Writes whose answers may be lost, e.g. 'POST tickets/{id}/feed'. Default: every write.")
  List<String> lostAnswerTemplates = List.of();

  @Option(
      names = "--forbidden-templates",
      split = ",",
      description =
          "Methods answered 403, e.g. 'POST tickets/{id}/assets/{assetId}'. Default: none.")
  List<String> forbiddenTemplates = List.of();

  @Option(names = "--permission-denied", description = "Refuse every valid token with 401.")
  boolean permissionDenied;

  @Option(
      names = "--duplicate-asset-error",
      description = "Answer a duplicate asset add with 400 instead of 200.")
  boolean duplicateAssetError;

  @Option(names = "--html-rewrite", description = "Re-serialise stored comment HTML.")
  boolean htmlRewrite;

  @Option(
      names = "--search-text-includes-name",
      description = "Let asset SearchText match asset names too.")
  boolean searchTextIncludesName;

  @Option(
      names = "--asset-add-body",
      description = "Body of a successful asset add: EMPTY or MESSAGE. Default EMPTY.")
  Faults.AssetAddBody assetAddBody = Faults.AssetAddBody.EMPTY;

  @Option(names = "--ticket-app-id", description = "Ticketing application ID. Default 46.")
  int ticketAppId = 46;

  @Option(names = "--asset-app-id", description = "Assets/CI application ID. Default 48.")
  int assetAppId = 48;

  @Option(names = "--computer-form-id", description = "Computer asset form. Default 2448.")
  int computerFormId = 2448;

  @Option(names = "--active-asset-status-id", description = "Active asset status. Default 38.")
  int activeAssetStatusId = 38;

  @Option(names = "--retired-asset-status-id", description = "Retired asset status. Default 40.")
  int retiredAssetStatusId = 40;

  @Option(
      names = "--active-ticket-status-ids",
      split = ",",
      description = "Open ticket statuses. Default 115,117,121,619,620,622.")
  List<Integer> activeTicketStatusIds = List.of(115, 117, 121, 619, 620, 622);

  @Option(
      names = "--closed-ticket-status-ids",
      split = ",",
      description = "Closed ticket statuses. Default 118,119,120.")
  List<Integer> closedTicketStatusIds = List.of(118, 119, 120);

  @Option(names = "--report-id", description = "Queue report ID. Default 1344.")
  int reportId = 1344;

  @Option(names = "--report-max-results", description = "Report row cap. Default 10000.")
  int reportMaxResults = 10_000;

  @Option(
      names = "--epoch",
      description = "Instant generated data is dated from. Default 2026-03-02T00:00:00Z.")
  Instant epoch = Instant.parse("2026-03-02T00:00:00Z");

  private PrintStream out = System.out;
  private final CountDownLatch stopped = new CountDownLatch(1);

  /** Runs the sandbox until the process is told to stop; exits with its status. */
  public static void main(String[] args) {
    System.exit(run(args, System.out));
  }

  /**
   * Parses {@code args}, starts the sandbox, prints the {@code KEY=VALUE} lines to {@code out} and
   * blocks until SIGTERM/SIGINT or until the calling thread is interrupted; then stops the sandbox.
   *
   * @return 0 after a clean stop, 2 for bad arguments, 1 if the sandbox could not start
   */
  public static int run(String[] args, PrintStream out) {
    SandboxMain main = new SandboxMain();
    main.out = out;
    CommandLine cli = new CommandLine(main).setCaseInsensitiveEnumValuesAllowed(true);
    cli.setOut(new PrintWriter(out, true));
    cli.setExecutionExceptionHandler(
        (e, cmd, parsed) -> {
          cmd.getErr().println("sandbox: " + e.getMessage());
          return e instanceof IllegalArgumentException ? 2 : 1;
        });
    return cli.execute(args);
  }

  @Override
  public Integer call() throws Exception {
    TdxSandbox sandbox = build().build();
    sandbox.start();
    Thread hook =
        new Thread(
            () -> {
              sandbox.close();
              stopped.countDown();
            },
            "tdx-sandbox-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    print(sandbox);
    boolean interrupted = false;
    try {
      stopped.await();
    } catch (InterruptedException e) {
      // An embedding caller asks us to stop; close first, then restore the flag.
      interrupted = true;
    }
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
      sandbox.close();
    } catch (IllegalStateException alreadyShuttingDown) {
      // The hook is running or has run and closes the sandbox itself.
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }

  TdxSandbox.Builder build() {
    SiteIds ids =
        new SiteIds(
            ticketAppId,
            assetAppId,
            computerFormId,
            activeAssetStatusId,
            retiredAssetStatusId,
            activeTicketStatusIds,
            closedTicketStatusIds,
            reportId);
    RateLimits limits =
        new RateLimits(
            !noLimits,
            limitScale,
            limitWindowSeconds == null
                ? null
                : Duration.ofMillis(Math.round(limitWindowSeconds * 1000)));
    return TdxSandbox.builder()
        .port(port)
        .host(host)
        .tickets(tickets)
        .seed(seed)
        .ids(ids)
        .rateLimits(limits)
        .reportMaxResults(reportMaxResults)
        .epoch(epoch)
        .faults(
            f ->
                f.tokenLifetimeSeconds(tokenLifetime)
                    .quotedToken(quotedToken)
                    .latencyMillis(latencyMs)
                    .serverErrorShare(errorShare)
                    .serverErrorAfterWriteShare(errorAfterWriteShare)
                    .hangShare(hangShare)
                    .hangMillis(hangMs)
                    .emptyBodyShare(emptyBodyShare)
                    .lostAnswerShare(lostAnswerShare)
                    .lostAnswerTemplates(Set.copyOf(lostAnswerTemplates))
                    .forbiddenTemplates(Set.copyOf(forbiddenTemplates))
                    .permissionDenied(permissionDenied)
                    .duplicateAssetError(duplicateAssetError)
                    .htmlRewrite(htmlRewrite)
                    .searchTextIncludesName(searchTextIncludesName)
                    .assetAddBody(assetAddBody));
  }

  private void print(TdxSandbox sandbox) {
    out.println("TDX_BASE_URL=" + sandbox.baseUrl());
    out.println("TDX_BEID=" + sandbox.beid());
    out.println("TDX_WEB_SERVICES_KEY=" + sandbox.webServicesKey());
    out.println("TDX_USERNAME=" + sandbox.username());
    out.println("TDX_PASSWORD=" + sandbox.password());
    out.println("TDX_TICKET_APP_ID=" + sandbox.ticketAppId());
    out.println("TDX_APP_ID=" + sandbox.assetAppId());
    out.println("DAEMON_REPORT_ID=" + sandbox.reportId());
    out.println("TDX_SANDBOX_URL=" + sandbox.rootUrl() + "/_sandbox");
    out.flush();
  }
}
