package org.tqd.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.api.operatorservice.v1.AddSearchAttributesRequest;
import io.temporal.api.operatorservice.v1.AddSearchAttributesResponse;
import io.temporal.api.operatorservice.v1.ListSearchAttributesRequest;
import io.temporal.api.operatorservice.v1.ListSearchAttributesResponse;
import io.temporal.api.operatorservice.v1.OperatorServiceGrpc;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Registration of tqd's search attributes. */
class SearchAttributesTest {

  @Test
  void missingAttributesAreRegisteredAndRegisteringAgainIsFine() {
    try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance()) {
      String ns = env.getNamespace();
      assertThat(SearchAttributes.ensureRegistered(env.getWorkflowServiceStubs(), ns)).isTrue();
      assertThat(SearchAttributes.ensureRegistered(env.getWorkflowServiceStubs(), ns)).isTrue();
    }
  }

  /**
   * Temporal's Java test server neither lists search attributes nor refuses a type conflict, so
   * this test answers the two operator calls from an in-process gRPC server the way a real Temporal
   * server does when the namespace has {@code TicketId} as an Int: {@code AddSearchAttributes}
   * refused, {@code ListSearchAttributes} showing the other type.
   */
  @Test
  void aNameTakenWithAnotherTypeIsAConfigurationErrorNotADebugLine() throws Exception {
    String name = InProcessServerBuilder.generateName();
    Server server =
        InProcessServerBuilder.forName(name)
            .directExecutor()
            .addService(
                new OperatorServiceGrpc.OperatorServiceImplBase() {
                  @Override
                  public void addSearchAttributes(
                      AddSearchAttributesRequest request,
                      StreamObserver<AddSearchAttributesResponse> response) {
                    response.onError(
                        Status.ALREADY_EXISTS
                            .withDescription("Search attribute TicketId already exists.")
                            .asRuntimeException());
                  }

                  @Override
                  public void listSearchAttributes(
                      ListSearchAttributesRequest request,
                      StreamObserver<ListSearchAttributesResponse> response) {
                    response.onNext(
                        ListSearchAttributesResponse.newBuilder()
                            .putAllCustomAttributes(
                                Map.of(
                                    "TicketId", IndexedValueType.INDEXED_VALUE_TYPE_INT,
                                    "ReportId", IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD))
                            .build());
                    response.onCompleted();
                  }
                })
            .build()
            .start();
    ManagedChannel channel = InProcessChannelBuilder.forName(name).directExecutor().build();
    WorkflowServiceStubs stubs =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setChannel(channel).build());
    try {
      assertThatThrownBy(() -> SearchAttributes.ensureRegistered(stubs, "campus"))
          .isInstanceOf(UserError.class)
          .hasMessageContaining("TicketId is registered as INT, not Keyword")
          .hasMessageContaining("PipelineId is not registered")
          .hasMessageContaining("temporal operator search-attribute create --namespace campus");
    } finally {
      stubs.shutdownNow();
      channel.shutdownNow();
      server.shutdownNow();
    }
  }
}
