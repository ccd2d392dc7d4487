package org.tqd.app;

import io.grpc.InsecureServerCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.temporal.internal.testservice.GRPCServerHelper;
import io.temporal.internal.testservice.InProcessGRPCServer;
import io.temporal.internal.testservice.TestServicesStarter;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Temporal's Java test server, started in this process when no {@code TEMPORAL_ADDRESS} is set, for
 * development and the demo. One set of services is served twice: to this process's own client and
 * workers over an in-process channel ({@link #channel()}: no sockets, no HTTP/2 framing), and to
 * other processes (a second worker, a starter, {@code tqd status}) on a loopback port ({@link
 * #address()}). Its state lives in memory and is lost on exit; production runs a real Temporal
 * cluster (see docker-compose.yml).
 *
 * <p>The test server's {@code TestServer} offers either transport, not both; this class wires the
 * same {@link TestServicesStarter} to both the way {@code TestServer} wires it to one (internal
 * classes of the pinned temporal-testing version).
 */
public final class EmbeddedTemporal implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(EmbeddedTemporal.class);

  private final TestServicesStarter services;
  private final Server portServer;
  private final InProcessGRPCServer inProcess;
  private final int port;

  private EmbeddedTemporal(
      TestServicesStarter services, Server portServer, InProcessGRPCServer inProcess, int port) {
    this.services = services;
    this.portServer = portServer;
    this.inProcess = inProcess;
    this.port = port;
  }

  /**
   * Starts the test server (real time, no time skipping) on a free loopback port, or {@code port}.
   */
  public static EmbeddedTemporal start(int port) {
    int p = port > 0 ? port : freePort();
    TestServicesStarter services = new TestServicesStarter(true, 0);
    Server server;
    try {
      NettyServerBuilder builder =
          NettyServerBuilder.forAddress(
              new InetSocketAddress(InetAddress.getLoopbackAddress(), p),
              InsecureServerCredentials.create());
      GRPCServerHelper.registerServicesAndHealthChecks(services.getServices(), builder);
      server = builder.build().start();
    } catch (IOException e) {
      services.close();
      throw new IllegalStateException(
          "cannot start the embedded Temporal test server on 127.0.0.1:"
              + p
              + ": "
              + e.getMessage(),
          e);
    }
    InProcessGRPCServer inProcess = new InProcessGRPCServer(services.getServices());
    log.info(
        "embedded Temporal test server on 127.0.0.1:{} (in memory; set TEMPORAL_ADDRESS for a real cluster)",
        p);
    return new EmbeddedTemporal(services, server, inProcess, p);
  }

  /** {@code 127.0.0.1:port}: for other processes. */
  public String address() {
    return "127.0.0.1:" + port;
  }

  /** The in-process channel to the same server: for this process's client and workers. */
  public ManagedChannel channel() {
    return inProcess.getChannel();
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
    inProcess.shutdownNow();
    portServer.shutdownNow();
    try {
      inProcess.awaitTermination(1, TimeUnit.SECONDS);
      portServer.awaitTermination(1, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    services.close();
  }
}
