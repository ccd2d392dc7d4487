import com.google.protobuf.ByteString;
import io.temporal.api.workflow.v1.WorkflowExecutionInfo;
import io.temporal.api.workflowservice.v1.ListClosedWorkflowExecutionsRequest;
import io.temporal.api.workflowservice.v1.ListClosedWorkflowExecutionsResponse;
import io.temporal.api.workflowservice.v1.ListOpenWorkflowExecutionsRequest;
import io.temporal.api.workflowservice.v1.ListOpenWorkflowExecutionsResponse;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.util.ArrayList;
import java.util.List;

/**
 * Prints every workflow execution of a namespace as one JSON array: workflowId, runId, status
 * (the Temporal enum name without its prefix: RUNNING, COMPLETED, FAILED, ...), startMillis,
 * closeMillis (0 while open). For the adversarial CI scenarios' checker, which has no gRPC client:
 * compiled against app/target/tqd.jar and run as {@code java -cp tqd.jar:DIR Workflows HOST:PORT
 * [NAMESPACE]}. Uses ListOpen/ListClosedWorkflowExecutions, which Temporal's test server implements
 * (the visibility query API is not).
 */
public final class Workflows {

  public static void main(String[] args) {
    String target = args[0];
    String namespace = args.length > 1 ? args[1] : "default";
    WorkflowServiceStubs stubs =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setTarget(target).build());
    try {
      var service = stubs.blockingStub();
      List<String> rows = new ArrayList<>();
      ByteString token = ByteString.EMPTY;
      do {
        ListOpenWorkflowExecutionsResponse open =
            service.listOpenWorkflowExecutions(
                ListOpenWorkflowExecutionsRequest.newBuilder()
                    .setNamespace(namespace)
                    .setMaximumPageSize(1000)
                    .setNextPageToken(token)
                    .build());
        open.getExecutionsList().forEach(e -> rows.add(json(e)));
        token = open.getNextPageToken();
      } while (!token.isEmpty());
      do {
        ListClosedWorkflowExecutionsResponse closed =
            service.listClosedWorkflowExecutions(
                ListClosedWorkflowExecutionsRequest.newBuilder()
                    .setNamespace(namespace)
                    .setMaximumPageSize(1000)
                    .setNextPageToken(token)
                    .build());
        closed.getExecutionsList().forEach(e -> rows.add(json(e)));
        token = closed.getNextPageToken();
      } while (!token.isEmpty());
      System.out.println("[" + String.join(",\n", rows) + "]");
    } finally {
      stubs.shutdownNow();
    }
  }

  private static String json(WorkflowExecutionInfo e) {
    String status = e.getStatus().name().replace("WORKFLOW_EXECUTION_STATUS_", "");
    return "{\"workflowId\":\""
        + e.getExecution().getWorkflowId().replace("\\", "\\\\").replace("\"", "\\\"")
        + "\",\"runId\":\""
        + e.getExecution().getRunId()
        + "\",\"status\":\""
        + status
        + "\",\"startMillis\":"
        + millis(e.getStartTime())
        + ",\"closeMillis\":"
        + (e.hasCloseTime() ? millis(e.getCloseTime()) : 0)
        + "}";
  }

  private static long millis(com.google.protobuf.Timestamp t) {
    return t.getSeconds() * 1000 + t.getNanos() / 1_000_000;
  }
}
