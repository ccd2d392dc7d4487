package org.tqd.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tqd.app.Main;
import org.tqd.app.Settings;
import org.tqd.sandbox.TdxSandbox;

/** {@code tqd pipeline validate --online} against the TDX sandbox over HTTP. */
class OnlineValidateTest {

  private static TdxSandbox sandbox;

  @TempDir Path dir;
  private StringWriter out = new StringWriter();
  private StringWriter err = new StringWriter();

  @BeforeAll
  static void startSandbox() {
    sandbox = TdxSandbox.builder().tickets(3).seed(5).build().start();
  }

  @AfterAll
  static void stopSandbox() {
    if (sandbox != null) {
      sandbox.close();
    }
  }

  @AfterEach
  void restore() {
    Settings.override(null);
  }

  private int validate(String yaml, String... more) throws Exception {
    Path file = dir.resolve("pipelines.yaml");
    Files.writeString(file, yaml);
    out = new StringWriter();
    err = new StringWriter();
    Settings.override(
        Settings.of(
            Map.of(
                "TDX_BASE_URL", sandbox.baseUrl(),
                "TDX_BEID", sandbox.beid().toString(),
                "TDX_WEB_SERVICES_KEY", sandbox.webServicesKey().toString(),
                "TDX_TICKET_APP_ID", Integer.toString(sandbox.ticketAppId()),
                "TDX_APP_ID", Integer.toString(sandbox.assetAppId()),
                "HOME", dir.toString())));
    String[] args = new String[4 + more.length];
    args[0] = "pipeline";
    args[1] = "validate";
    args[2] = "--online";
    args[3] = "--pipeline=" + file;
    System.arraycopy(more, 0, args, 4, more.length);
    return Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
  }

  private String good() {
    return "pipelines:\n"
        + "  - name: laptops\n"
        + "    report_id: "
        + sandbox.reportId()
        + "\n"
        + "    actions:\n"
        + "      - type: change_status\n"
        + "        params: {new_status_id: 117, from_status_ids: [115]}\n"
        + "        when:\n"
        + "          all:\n"
        + "            - attribute: Building\n"
        + "              equals: North\n"
        + "            - attribute: \"5002\"\n"
        + "              is_empty: true\n"
        + "            - column: StatusName\n"
        + "              equals: New\n"
        + "            - field: StatusID\n"
        + "              in: [115, 121]\n";
  }

  @Test
  void aFileThatMatchesTdxPasses() throws Exception {
    assertThat(validate(good())).as(err.toString()).isZero();
    assertThat(out.toString())
        .contains("matches TDX: report " + sandbox.reportId())
        .contains("status 117", "status 115", "attribute Building", "attribute 5002")
        .contains("is valid: 1 pipelines", "laptops: report " + sandbox.reportId());
  }

  @Test
  void everyMismatchIsOneLineAndExitsWithTwo() throws Exception {
    String bad =
        good()
                .replace("new_status_id: 117", "new_status_id: 9999")
                .replace("from_status_ids: [115]", "from_status_ids: [7777]")
                .replace("attribute: Building", "attribute: Buliding")
                .replace("column: StatusName", "column: Resp Group")
                .replace("in: [115, 121]", "in: [115, 8888]")
            + "  - name: printers\n"
            + "    report_id: 424242\n"
            + "    enabled: false\n"
            + "    actions:\n"
            + "      - type: summary_comment\n";
    assertThat(validate(bad)).isEqualTo(2);
    String e = err.toString();
    assertThat(e).contains("does not match TDX (6 problems):");
    assertThat(e).contains("change_status.from_status_ids: status ID 7777");
    assertThat(e)
        .contains("pipelines[0] (laptops).report_id: report " + sandbox.reportId())
        .contains("has no column Resp Group", "its column name is ResponsibleGroupName");
    assertThat(e)
        .contains(
            "change_status.new_status_id: status ID 9999 is not a ticket status in TDX; its"
                + " statuses: ");
    assertThat(e).contains("change_status.when field StatusID: status ID 8888");
    assertThat(e)
        .contains(
            "attribute Buliding is not a ticket custom attribute in TDX (by ID or name); its"
                + " attributes: 5001 Building");
    assertThat(e)
        .contains(
            "pipelines[1] (printers).report_id: report 424242 is not in TDX or not visible to"
                + " tqd's account");
    assertThat(out.toString()).doesNotContain("is valid");
  }

  @Test
  void reportIdWithAPipelinesFileIsABadUsage() throws Exception {
    assertThat(validate(good(), "--report-id", "5")).isEqualTo(2);
    assertThat(err.toString()).contains("--report-id cannot be used with");
  }

  @Test
  void offlineProblemsComeFirstWithTheirLines() throws Exception {
    assertThat(validate("pipelines:\n  - name: x\n    report_id: 1\n    actions: []\n"))
        .isEqualTo(2);
    assertThat(err.toString())
        .contains("pipelines.yaml:4: pipelines[0].actions: the list is empty");
  }
}
