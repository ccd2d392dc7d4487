package org.tqd.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.tqd.sandbox.TdxSandbox;
import org.tqd.workflows.action.ActionSpec;
import org.tqd.workflows.pipeline.StandardPipeline;

/**
 * Runs {@code bench/daemon_model.py}, the Python model of the daemon (the same TDX calls as {@link
 * DaemonModel}, made with {@code requests} and no session, and the state store through psycopg2),
 * as a child process against a sandbox, and reads the one JSON line it prints.
 *
 * <p>The interpreter is {@code /usr/bin/python3} (Debian's, with {@code python3-requests} and, when
 * installed, {@code python3-psycopg2}) when it can import {@code requests}, otherwise {@code
 * python3} on the PATH.
 */
final class PythonModel {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final String interpreter;
  private final Path script;

  private PythonModel(String interpreter, Path script) {
    this.interpreter = interpreter;
    this.script = script;
  }

  /** The interpreter this model runs with. */
  String interpreter() {
    return interpreter;
  }

  /**
   * A model ready to run, or an exception whose message says why not (no script, no python3, no
   * {@code requests}).
   */
  static PythonModel find() {
    return find(List.of("/usr/bin/python3", "python3"));
  }

  /** {@link #find()} over these interpreters, in order. */
  static PythonModel find(List<String> candidates) {
    Path script = script();
    if (script == null) {
      throw new IllegalStateException(
          "bench/daemon_model.py not found from " + Path.of("").toAbsolutePath());
    }
    List<String> tried = new ArrayList<>();
    for (String candidate : candidates) {
      if (candidate.startsWith("/") && !Files.isExecutable(Path.of(candidate))) {
        tried.add(candidate + ": not found");
        continue;
      }
      String why = check(candidate);
      if (why == null) {
        return new PythonModel(candidate, script);
      }
      tried.add(candidate + ": " + why);
    }
    throw new IllegalStateException(
        "no python3 with the 'requests' module (" + String.join("; ", tried) + ")");
  }

  /** Null when {@code interpreter} runs and imports {@code requests}; otherwise why not. */
  private static String check(String interpreter) {
    try {
      Process p =
          new ProcessBuilder(interpreter, "-c", "import requests")
              .redirectErrorStream(true)
              .start();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return "did not answer in 30 s";
      }
      if (p.exitValue() != 0) {
        String text = new String(out, StandardCharsets.UTF_8).strip();
        String last = text.contains("\n") ? text.substring(text.lastIndexOf('\n') + 1) : text;
        return "cannot import requests (" + last + ")";
      }
      return null;
    } catch (IOException e) {
      return "not runnable (" + e.getMessage() + ")";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }

  /** {@code bench/daemon_model.py}, looked for from the working directory up; null if absent. */
  static Path script() {
    Path dir = Path.of("").toAbsolutePath();
    for (int i = 0; i < 3 && dir != null; i++, dir = dir.getParent()) {
      for (Path p : List.of(dir.resolve("bench/daemon_model.py"), dir.resolve("daemon_model.py"))) {
        if (Files.isRegularFile(p)) {
          return p;
        }
      }
    }
    return null;
  }

  /** The TDX credentials in the model's environment (never on its command line). */
  static ProcessBuilder credentials(ProcessBuilder pb, String beid, String webServicesKey) {
    pb.environment().put("TDX_BEID", beid);
    pb.environment().put("TDX_WEB_SERVICES_KEY", webServicesKey);
    return pb;
  }

  /**
   * Drains the sandbox's report once, one ticket at a time; with {@code state} the daemon's state
   * store in that database (when psycopg2 is importable; the result's {@code state_store} says).
   *
   * @param waitScale the daemon's 5 s after a 429's reset, multiplied by this
   * @return the model's JSON line, with {@code interpreter} set
   */
  Map<String, Object> run(TdxSandbox sandbox, DaemonStateStore state, double waitScale)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(interpreter);
    cmd.add(script.toString());
    cmd.add(sandbox.baseUrl());
    cmd.add(Integer.toString(sandbox.reportId()));
    cmd.add("--ticket-app");
    cmd.add(Integer.toString(sandbox.ticketAppId()));
    cmd.add("--asset-app");
    cmd.add(Integer.toString(sandbox.assetAppId()));
    cmd.add("--actions");
    cmd.add(actionsJson());
    cmd.add("--wait-scale");
    cmd.add(String.format(Locale.ROOT, "%.4f", waitScale));
    if (state != null) {
      cmd.add("--database-url");
      cmd.add(state.url());
    }
    Path err = Files.createTempFile("tqd-bench-python-model", ".log");
    try {
      ProcessBuilder pb = new ProcessBuilder(cmd);
      credentials(pb, sandbox.beid().toString(), sandbox.webServicesKey().toString());
      Process p =
          pb.redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE).start();
      p.getOutputStream().close();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(30, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        throw new IllegalStateException("the Python daemon model did not finish in 30 minutes");
      }
      String text = new String(out, StandardCharsets.UTF_8).strip();
      if (p.exitValue() != 0 || text.isEmpty()) {
        throw new IllegalStateException(
            "the Python daemon model exited with "
                + p.exitValue()
                + ": "
                + tail(Files.readString(err, StandardCharsets.UTF_8) + "\n" + text));
      }
      String line = text.contains("\n") ? text.substring(text.lastIndexOf('\n') + 1) : text;
      @SuppressWarnings("unchecked")
      Map<String, Object> result = JSON.readValue(line, LinkedHashMap.class);
      result.put("interpreter", interpreter);
      return result;
    } finally {
      Files.deleteIfExists(err);
    }
  }

  /** The standard pipeline's actions as the state store records them. */
  static String actionsJson() {
    ArrayNode actions = JSON.createArrayNode();
    for (ActionSpec a : StandardPipeline.definition().pipeline().actions()) {
      actions
          .addObject()
          .put("action_id", a.actionId())
          .put("type", a.type())
          .put("action_hash", a.actionHash())
          .set("config", JSON.valueToTree(a.params()));
    }
    return actions.toString();
  }

  private static String tail(String s) {
    String t = s.strip();
    return t.length() > 2000 ? "…" + t.substring(t.length() - 2000) : t;
  }
}
