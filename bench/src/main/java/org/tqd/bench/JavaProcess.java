package org.tqd.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A JVM of tqd's started by the benchmark, as production runs them: Temporal's standalone test
 * server or {@code tqd worker}. Reads its memory from {@code /proc} and {@code jcmd}, and its
 * Prometheus counters from {@code /metrics}. Closing it sends SIGTERM, then kills it after 30 s.
 */
final class JavaProcess implements AutoCloseable {

  /** The JIT setting tqd ships with (./tqd, the systemd units, the image): the quick compiler. */
  static final String JIT = "-XX:TieredStopAtLevel=1";

  private static final Pattern HEAP_USED = Pattern.compile("total \\d+K, used (\\d+)K");

  final Process process;
  final int port;

  private JavaProcess(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /** Temporal's Java test server on a free port, as {@code .ci/e2e.sh} runs it. */
  static JavaProcess testServer(Path jar, Path log) throws IOException {
    int port = Harness.freePort();
    Process p =
        new ProcessBuilder(
                java(), JIT, "-cp", jar.toString(), "io.temporal.testserver.TestServer", "" + port)
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    JavaProcess jp = new JavaProcess(p, port);
    jp.await("the Temporal test server", Duration.ofSeconds(90), jp::listening);
    return jp;
  }

  /** {@code tqd worker} with this environment (and nothing inherited but PATH and HOME). */
  static JavaProcess worker(Path jar, Map<String, String> env, Path dir, String jvmOptions)
      throws IOException {
    int port = Harness.freePort();
    List<String> cmd = new ArrayList<>(List.of(java(), JIT));
    if (!jvmOptions.isBlank()) {
      cmd.addAll(List.of(jvmOptions.trim().split("\\s+")));
    }
    cmd.addAll(
        List.of("-jar", jar.toAbsolutePath().toString(), "worker", "--log-level", "WARNING"));
    ProcessBuilder b =
        new ProcessBuilder(cmd)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("worker.log").toFile());
    Map<String, String> e = b.environment();
    e.keySet().retainAll(List.of("PATH", "HOME", "JAVA_HOME"));
    e.putAll(env);
    e.put("TQD_METRICS_PORT", Integer.toString(port));
    JavaProcess jp = new JavaProcess(b.start(), port);
    jp.await("the worker", Duration.ofSeconds(120), () -> jp.get("/health") != null);
    return jp;
  }

  /**
   * Seconds from launching {@code java -jar tqd.jar run --wait} (the quick JIT, {@code jvmOptions},
   * nothing inherited but PATH and HOME, then {@code env}) to its exit: everything one cold poll
   * costs, JVM start, embedded PostgreSQL and test server included. The exit status must be 0.
   */
  static double timeRun(Path jar, Map<String, String> env, Path dir, List<String> jvmOptions)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(java(), JIT));
    cmd.addAll(jvmOptions);
    cmd.addAll(
        List.of(
            "-Duser.home=" + dir.toAbsolutePath(),
            "-jar",
            jar.toAbsolutePath().toString(),
            "run",
            "--wait",
            "--log-level",
            "WARNING"));
    ProcessBuilder b =
        new ProcessBuilder(cmd)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("run.log").toFile());
    Map<String, String> e = b.environment();
    e.keySet().retainAll(List.of("PATH", "HOME", "JAVA_HOME"));
    e.putAll(env);
    Files.deleteIfExists(dir.resolve("run.log"));
    long t0 = System.nanoTime();
    Process p = b.start();
    if (!p.waitFor(10, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new IllegalStateException("tqd run --wait did not finish in 10 minutes");
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    if (p.exitValue() != 0) {
      throw new IllegalStateException(
          "tqd run --wait exited with "
              + p.exitValue()
              + ": "
              + Files.readString(dir.resolve("run.log")).lines().reduce((a, x) -> x).orElse(""));
    }
    return seconds;
  }

  long pid() {
    return process.pid();
  }

  /** Resident set size now and its peak, in KB ({@code VmRSS}, {@code VmHWM}). */
  long[] rssKb() {
    long rss = 0;
    long hwm = 0;
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + pid() + "/status"))) {
        if (line.startsWith("VmRSS:")) {
          rss = Long.parseLong(line.replaceAll("\\D", ""));
        } else if (line.startsWith("VmHWM:")) {
          hwm = Long.parseLong(line.replaceAll("\\D", ""));
        }
      }
    } catch (IOException | RuntimeException e) {
      // the process ended
    }
    return new long[] {rss, hwm};
  }

  /** Heap used after a full GC ({@code jcmd GC.run}, then {@code GC.heap_info}), in KB. */
  long heapAfterGcKb() {
    jcmd("GC.run");
    Matcher m = HEAP_USED.matcher(jcmd("GC.heap_info"));
    return m.find() ? Long.parseLong(m.group(1)) : -1;
  }

  private String jcmd(String what) {
    try {
      Process p =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                  Long.toString(pid()),
                  what)
              .redirectErrorStream(true)
              .start();
      String out = new String(p.getInputStream().readAllBytes());
      p.waitFor(60, TimeUnit.SECONDS);
      return out;
    } catch (IOException e) {
      return "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }

  /** The sum of a Prometheus counter's samples whose labels contain {@code labelFilter}. */
  double counter(String name, String labelFilter) {
    String body = get("/metrics");
    double sum = 0;
    if (body == null) {
      return sum;
    }
    for (String line : body.split("\n")) {
      if (line.startsWith(name) && line.contains(labelFilter)) {
        String[] f = line.trim().split("\\s+");
        sum += Double.parseDouble(f[f.length - 1]);
      }
    }
    return sum;
  }

  private String get(String path) {
    try {
      HttpResponse<String> r =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                      .timeout(Duration.ofSeconds(10))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      return r.statusCode() == 200 ? r.body() : null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  private boolean listening() {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private void await(String what, Duration timeout, java.util.function.BooleanSupplier ready) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!ready.getAsBoolean()) {
      if (!process.isAlive() || System.nanoTime() > deadline) {
        close();
        throw new IllegalStateException(what + " did not come up in " + timeout.toSeconds() + " s");
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
    }
  }

  /**
   * The JVM options {@code ./tqd} adds for its class-data archive ({@code tqd.jsa} beside the jar,
   * recorded after a build), or none when there is no archive newer than the jar.
   */
  static List<String> classDataSharing(Path jar) {
    Path jsa = jar.resolveSibling("tqd.jsa");
    try {
      if (Files.isRegularFile(jsa)
          && Files.getLastModifiedTime(jsa).compareTo(Files.getLastModifiedTime(jar)) > 0) {
        return List.of(
            "-XX:SharedArchiveFile=" + jsa.toAbsolutePath(),
            "-Xlog:cds=off",
            "-Xlog:cds+dynamic=off");
      }
    } catch (IOException e) {
      // no archive
    }
    return List.of();
  }

  static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
