package org.tqd.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tqd.app.Main;
import org.tqd.app.Settings;
import org.tqd.worker.codec.CodecKeys;

/** {@code tqd console token create|list|revoke} and {@code tqd codec new-key}, as run. */
class ConsoleCommandsTest {

  private static E2ePostgres postgres;
  private static String databaseUrl;

  @TempDir Path dir;

  private StringWriter out = new StringWriter();
  private StringWriter err = new StringWriter();

  @BeforeAll
  static void startPostgres() throws Exception {
    postgres = E2ePostgres.start();
    databaseUrl = postgres.newDatabase();
  }

  @AfterAll
  static void stopPostgres() throws IOException {
    if (postgres != null) {
      postgres.close();
    }
  }

  @AfterEach
  void restore() {
    Settings.override(null);
  }

  private int run(String... args) {
    out = new StringWriter();
    err = new StringWriter();
    Settings.override(Settings.of(Map.of("DATABASE_URL", databaseUrl, "HOME", dir.toString())));
    return Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
  }

  private List<String> lines() {
    return out.toString().lines().toList();
  }

  @Test
  void aTokenIsPrintedOnceAsTheLastLineAndListedWithoutIt() {
    assertThat(run("console", "token", "create", "--name", "service-desk", "--role", "viewer"))
        .isZero();
    String token = lines().get(lines().size() - 1);
    assertThat(token).startsWith("tqd_").hasSize(47);

    assertThat(run("console", "token", "list")).isZero();
    assertThat(out.toString()).contains("service-desk", "viewer", "live").doesNotContain(token);

    assertThat(run("console", "token", "revoke", "service-desk")).isZero();
    assertThat(run("console", "token", "list")).isZero();
    assertThat(out.toString()).contains("revoked");
    assertThat(run("console", "token", "revoke", "service-desk")).isEqualTo(1);
    assertThat(err.toString()).contains("no live console token");
  }

  @Test
  void anUnknownRoleIsABadUsage() {
    assertThat(run("console", "token", "create", "--name", "x", "--role", "root")).isEqualTo(2);
    assertThat(err.toString()).contains("roles are viewer, operator and admin");
  }

  @Test
  void newKeyAppendsAKeyAndPrintsItsIdLast() {
    Path file = dir.resolve("keys");
    assertThat(run("codec", "new-key", "--file", file.toString(), "--id", "2026-a")).isZero();
    assertThat(run("codec", "new-key", "--file", file.toString())).isZero();
    String second = lines().get(lines().size() - 1);
    assertThat(CodecKeys.load(file, second).ids()).containsExactly("2026-a", second);
  }

  @Test
  void aMalformedSignInSettingStopsTheConsoleWithExit2() {
    out = new StringWriter();
    err = new StringWriter();
    Settings.override(
        Settings.of(
            Map.of(
                "DATABASE_URL", databaseUrl,
                "HOME", dir.toString(),
                "TQD_CONSOLE_PORT", "0",
                "TQD_OIDC_ISSUER", "https://login.example.edu",
                "TQD_OIDC_CLIENT_ID", "tqd-console",
                "TQD_OIDC_CLIENT_SECRET", "never-printed-secret",
                "TQD_OIDC_ROLE_MAP", "it-helpdesk=superuser")));
    int code =
        Main.execute(
            new String[] {"console"}, new PrintWriter(out, true), new PrintWriter(err, true));
    assertThat(code).isEqualTo(2);
    assertThat(err.toString())
        .contains("TQD_OIDC_ROLE_MAP", "it-helpdesk=superuser")
        .doesNotContain("never-printed-secret");

    Settings.override(
        Settings.of(
            Map.of(
                "DATABASE_URL",
                databaseUrl,
                "HOME",
                dir.toString(),
                "TQD_CONSOLE_PORT",
                "0",
                "TQD_CONSOLE_SESSION_MINUTES",
                "forever")));
    err = new StringWriter();
    assertThat(
            Main.execute(
                new String[] {"console"}, new PrintWriter(out, true), new PrintWriter(err, true)))
        .isEqualTo(2);
    assertThat(err.toString()).contains("TQD_CONSOLE_SESSION_MINUTES");
  }

  @Test
  void helpNamesTheSettings() {
    assertThat(run("console", "--help")).isZero();
    assertThat(out.toString())
        .contains("TQD_CONSOLE_PORT", "TQD_CODEC_CORS_ORIGINS", "TQD_OIDC_ISSUER", "--port")
        .contains("TQD_OIDC_CLIENT_ID", "TQD_OIDC_ROLE_MAP", "TQD_OIDC_GROUPS_CLAIM");
  }
}
