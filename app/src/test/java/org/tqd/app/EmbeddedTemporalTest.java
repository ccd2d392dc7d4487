package org.tqd.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import org.junit.jupiter.api.Test;

/** The embedded test server: one server, reached in process and on its loopback port. */
class EmbeddedTemporalTest {

  @Test
  void aWorkflowStartedOverThePortIsSeenOverTheInProcessChannel() {
    try (EmbeddedTemporal temporal = EmbeddedTemporal.start(0)) {
      WorkflowServiceStubs overPort =
          WorkflowServiceStubs.newServiceStubs(
              WorkflowServiceStubsOptions.newBuilder().setTarget(temporal.address()).build());
      WorkflowServiceStubs inProcess =
          WorkflowServiceStubs.newServiceStubs(
              WorkflowServiceStubsOptions.newBuilder().setChannel(temporal.channel()).build());
      try {
        WorkflowExecution started =
            WorkflowClient.newInstance(overPort)
                .newUntypedWorkflowStub(
                    "Nothing",
                    WorkflowOptions.newBuilder()
                        .setWorkflowId("seen-both-ways")
                        .setTaskQueue("no-worker")
                        .build())
                .start();

        var described =
            inProcess
                .blockingStub()
                .describeWorkflowExecution(
                    DescribeWorkflowExecutionRequest.newBuilder()
                        .setNamespace("default")
                        .setExecution(started)
                        .build());
        assertThat(described.getWorkflowExecutionInfo().getStatus())
            .isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING);
        assertThat(described.getWorkflowExecutionInfo().getExecution().getRunId())
            .isEqualTo(started.getRunId());
      } finally {
        overPort.shutdownNow();
        inProcess.shutdownNow();
      }
    }
  }

  @Test
  void thePortIsOnLoopbackAndClosedOnClose() throws Exception {
    int port;
    try (EmbeddedTemporal temporal = EmbeddedTemporal.start(0)) {
      assertThat(temporal.address()).startsWith("127.0.0.1:");
      port = Integer.parseInt(temporal.address().substring("127.0.0.1:".length()));
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
      }
    }
    assertThatThrownBy(
            () -> {
              try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
              }
            })
        .isInstanceOf(ConnectException.class);
  }
}
