package org.tqd.worker;

import com.uber.m3.tally.RootScopeBuilder;
import com.uber.m3.tally.Scope;
import io.grpc.ManagedChannel;
import io.micrometer.core.instrument.MeterRegistry;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.reporter.MicrometerClientStatsReporter;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.time.Duration;

/**
 * Connects to Temporal: service stubs (TLS, mTLS or an API key, as configured; SDK metrics) and a
 * workflow client.
 */
public final class TemporalClients {

  private TemporalClients() {}

  /**
   * Service stubs for the configured frontend, reporting the SDK's metrics to {@code registry}
   * (null for none). Fails with {@link TemporalUnavailableException} when the frontend does not
   * answer a health check within {@code connectTimeout}.
   */
  public static WorkflowServiceStubs connect(
      TemporalConnectionConfig config, MeterRegistry registry, Duration connectTimeout) {
    return connect(config, null, registry, connectTimeout);
  }

  /**
   * As {@link #connect(TemporalConnectionConfig, MeterRegistry, Duration)}, over {@code channel}
   * when it is not null (an embedded server's in-process channel) instead of the configured
   * address; the channel stays open when the stubs shut down.
   */
  public static WorkflowServiceStubs connect(
      TemporalConnectionConfig config,
      ManagedChannel channel,
      MeterRegistry registry,
      Duration connectTimeout) {
    // Target, TLS, API key and gRPC metadata as Temporal's envconfig module builds them.
    WorkflowServiceStubsOptions.Builder options =
        WorkflowServiceStubsOptions.newBuilder(config.stubsOptions());
    if (channel != null) {
      options.setTarget(null).setChannel(channel);
    }
    if (registry != null) {
      Scope scope =
          new RootScopeBuilder()
              .reporter(new MicrometerClientStatsReporter(registry))
              .reportEvery(com.uber.m3.util.Duration.ofSeconds(10));
      options.setMetricsScope(scope);
    }
    options.setRpcTimeout(Duration.ofSeconds(10));
    WorkflowServiceStubs stubs = WorkflowServiceStubs.newServiceStubs(options.build());
    try {
      stubs.healthCheck();
      return stubs;
    } catch (RuntimeException e) {
      stubs.shutdownNow();
      throw new TemporalUnavailableException(
          "cannot reach Temporal at "
              + config.address()
              + " ("
              + rootMessage(e)
              + "); check TEMPORAL_ADDRESS (host:port of the frontend)"
              + (config.usesTls()
                  ? ", TEMPORAL_TLS and the TEMPORAL_TLS_* settings"
                      + (config.usesApiKey() ? " and TEMPORAL_API_KEY" : "")
                  : "")
              + " (settings from "
              + config.source()
              + "), or unset it to run an embedded test server",
          e);
    }
  }

  /**
   * A workflow client in the configured namespace with the given data converter: every tqd process
   * passes {@link org.tqd.worker.codec.PayloadEncryption#dataConverter}, so that payloads reach
   * Temporal encrypted; workers made from the client use it too.
   */
  public static WorkflowClient client(
      WorkflowServiceStubs stubs, String namespace, DataConverter dataConverter) {
    return WorkflowClient.newInstance(
        stubs,
        WorkflowClientOptions.newBuilder()
            .setNamespace(namespace)
            .setDataConverter(dataConverter)
            .build());
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }
}
