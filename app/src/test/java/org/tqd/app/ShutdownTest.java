package org.tqd.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tqd.sandbox.TdxSandbox;

/**
 * SIGTERM to {@code tqd run --daemon} while its poll waits after a 429 (TDX's windows last a
 * minute): the process ends within seconds, cleanly, instead of sitting out the window. The daemon
 * runs as its own JVM, as in production, against the sandbox over loopback.
 */
class ShutdownTest {

  private static final String GET_REPORT = "GET reports/{id}";

  @TempDir Path dir;

  @Test
  void sigtermDuringAWaitAfterA429EndsTheDaemonWithinSeconds() throws Exception {
    try (TdxSandbox sandbox = TdxSandbox.builder().tickets(3).seed(7).build().start()) {
      // The report read of the first poll is refused with a 429 whose window resets in a minute.
      sandbox.faults().templates(Set.of(GET_REPORT)).rateLimitBurst(1);
      Path log = dir.resolve("daemon.log");
      Process daemon = startDaemon(sandbox, log);
      try {
        awaitLine(daemon, log, "TDX answered 429, waiting", Duration.ofMinutes(2));

        long start = System.nanoTime();
        daemon.destroy(); // SIGTERM
        boolean ended = daemon.waitFor(15, TimeUnit.SECONDS);
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(ended).as("ended within 15 s of SIGTERM; output:%n%s", output).isTrue();
        System.out.printf("tqd run --daemon ended %d ms after SIGTERM%n", took.toMillis());
        assertThat(output).contains("Daemon shutdown complete");
        assertThat(output).doesNotContain("Exception in thread");
        assertThat(sandbox.calls()).containsEntry(GET_REPORT, 1L);
      } finally {
        daemon.destroyForcibly();
        daemon.waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  private Process startDaemon(TdxSandbox sandbox, Path log) throws IOException {
    String java = ProcessHandle.current().info().command().orElse("java");
    ProcessBuilder pb =
        new ProcessBuilder(
            List.of(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName(),
                "run",
                "--daemon",
                "--interval",
                "300"));
    Map<String, String> env = pb.environment();
    env.keySet().removeIf(k -> k.startsWith("TDX_") || k.startsWith("TEMPORAL_"));
    env.remove("DATABASE_URL");
    env.remove("TQD_PIPELINE");
    env.put("HOME", dir.toString());
    env.put("TDX_BASE_URL", sandbox.baseUrl());
    env.put("TDX_BEID", sandbox.beid().toString());
    env.put("TDX_WEB_SERVICES_KEY", sandbox.webServicesKey().toString());
    env.put("TDX_TICKET_APP_ID", Integer.toString(sandbox.ticketAppId()));
    env.put("TDX_APP_ID", Integer.toString(sandbox.assetAppId()));
    env.put("DAEMON_REPORT_ID", Integer.toString(sandbox.reportId()));
    env.put("TQD_EMBEDDED_PG_DIR", dir.resolve("pg").toString());
    env.put("TQD_EMBEDDED_PG_PORT", Integer.toString(freePort()));
    env.put("TQD_METRICS_PORT", "-1");
    // The daemon's starter serves its own metrics port (9465 by default), which another tqd on
    // this machine may hold.
    env.put("TQD_STARTER_METRICS_PORT", "-1");
    pb.directory(dir.toFile());
    pb.redirectErrorStream(true);
    pb.redirectOutput(log.toFile());
    return pb.start();
  }

  private static void awaitLine(Process p, Path log, String text, Duration bound)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + bound.toNanos();
    while (System.nanoTime() < deadline) {
      if (Files.exists(log) && Files.readString(log, StandardCharsets.UTF_8).contains(text)) {
        return;
      }
      if (!p.isAlive()) {
        throw new AssertionError(
            "the daemon exited before logging '"
                + text
                + "':\n"
                + Files.readString(log, StandardCharsets.UTF_8));
      }
      Thread.sleep(100);
    }
    throw new AssertionError(
        "no '"
            + text
            + "' within "
            + bound
            + ":\n"
            + Files.readString(log, StandardCharsets.UTF_8));
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
