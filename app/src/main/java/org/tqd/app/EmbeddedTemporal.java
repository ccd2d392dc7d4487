package org.tqd.app;

import io.temporal.testserver.TestServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Temporal's Java test server, started in this process on a loopback port when no {@code
 * TEMPORAL_ADDRESS} is set, for development and the demo. Other processes (a second worker, a
 * starter) can connect to {@link #address()}. Its state lives in memory and is lost on exit;
 * production runs a real Temporal cluster (see docker-compose.yml).
 */
public final class EmbeddedTemporal implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(EmbeddedTemporal.class);

  private final TestServer.PortBoundTestServer server;
  private final int port;

  private EmbeddedTemporal(TestServer.PortBoundTestServer server, int port) {
    this.server = server;
    this.port = port;
  }

  /**
   * Starts the test server (real time, no time skipping) on a free loopback port, or {@code port}.
   */
  public static EmbeddedTemporal start(int port) {
    int p = port > 0 ? port : freePort();
    TestServer.PortBoundTestServer server = TestServer.createPortBoundServer(p, true);
    log.info(
        "embedded Temporal test server on 127.0.0.1:{} (in memory; set TEMPORAL_ADDRESS for a real cluster)",
        p);
    return new EmbeddedTemporal(server, p);
  }

  /** {@code 127.0.0.1:port}. */
  public String address() {
    return "127.0.0.1:" + port;
  }

  static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException("no free loopback port: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    server.close();
  }
}
