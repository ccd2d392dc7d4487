package org.tqd.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SandboxMainTest {

  @Test
  void printsSettingsServesAndStopsCleanly() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    AtomicInteger status = new AtomicInteger(-1);
    Thread t =
        new Thread(
            () ->
                status.set(
                    SandboxMain.run(
                        new String[] {
                          "--port", "0", "--tickets", "4", "--seed", "9", "--no-limits"
                        },
                        out)));
    t.start();
    Map<String, String> env = new HashMap<>();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!env.containsKey("TDX_SANDBOX_URL") && System.nanoTime() < deadline) {
      Thread.sleep(50);
      env.clear();
      for (String line : bytes.toString(StandardCharsets.UTF_8).split("\n")) {
        int eq = line.indexOf('=');
        if (eq > 0) {
          env.put(line.substring(0, eq), line.substring(eq + 1).trim());
        }
      }
    }
    assertThat(env)
        .containsKeys(
            "TDX_BASE_URL", "TDX_BEID", "TDX_WEB_SERVICES_KEY", "TDX_USERNAME", "TDX_PASSWORD")
        .containsEntry("TDX_TICKET_APP_ID", "46")
        .containsEntry("TDX_APP_ID", "48")
        .containsEntry("DAEMON_REPORT_ID", "1344");
    assertThat(env.get("TDX_BASE_URL")).matches("http://127\\.0\\.0\\.1:\\d+/TDWebApi/api");
    TdxSandbox same = TdxSandbox.builder().seed(9).tickets(0).build();
    assertThat(env.get("TDX_BEID")).isEqualTo(same.beid().toString());

    Http http = new Http(env.get("TDX_BASE_URL"));
    String token =
        http.post(
                "/auth/loginadmin",
                "{\"BEID\":\""
                    + env.get("TDX_BEID")
                    + "\",\"WebServicesKey\":\""
                    + env.get("TDX_WEB_SERVICES_KEY")
                    + "\"}")
            .body();
    assertThat(http.token(token).get("/reports/1344?withData=true").statusCode()).isEqualTo(200);

    t.interrupt();
    t.join(10_000);
    assertThat(t.isAlive()).isFalse();
    assertThat(status.get()).isZero();
  }

  @Test
  void badArgumentsExitWith2() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    assertThat(SandboxMain.run(new String[] {"--tickets", "many"}, out)).isEqualTo(2);
    assertThat(SandboxMain.run(new String[] {"--frobnicate"}, out)).isEqualTo(2);
    assertThat(SandboxMain.run(new String[] {"--ticket-app-id", "48"}, out)).isEqualTo(2);
    assertThat(SandboxMain.run(new String[] {"--help"}, out)).isZero();
    assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("--tickets");
  }
}
