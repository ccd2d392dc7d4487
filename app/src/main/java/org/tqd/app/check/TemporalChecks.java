package org.tqd.app.check;

import com.google.protobuf.util.Durations;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.api.operatorservice.v1.ListSearchAttributesRequest;
import io.temporal.api.workflowservice.v1.DescribeNamespaceRequest;
import io.temporal.api.workflowservice.v1.DescribeNamespaceResponse;
import io.temporal.serviceclient.OperatorServiceStubs;
import io.temporal.serviceclient.OperatorServiceStubsOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.tqd.app.SearchAttributes;
import org.tqd.worker.TemporalClients;
import org.tqd.worker.TemporalConnectionConfig;
import org.tqd.worker.TemporalUnavailableException;

/**
 * The Temporal half of {@code tqd check}: the connection settings, the frontend answering, the
 * namespace, and tqd's search attributes registered as Keyword.
 */
final class TemporalChecks {

  private final Map<String, String> env;
  private final Consumer<String> warnings;
  private final List<CheckResult> results = new ArrayList<>();

  TemporalChecks(Map<String, String> env, Consumer<String> warnings) {
    this.env = env;
    this.warnings = warnings;
  }

  List<CheckResult> run() {
    TemporalConnectionConfig config;
    try {
      config = TemporalConnectionConfig.fromEnvironment(env, warnings);
    } catch (IllegalArgumentException e) {
      results.add(
          CheckResult.fail(
              "Temporal settings",
              e.getMessage(),
              "correct the TEMPORAL_* settings (README, Configuration)"));
      return skipRest("Temporal settings");
    }
    if (config == null) {
      results.add(
          CheckResult.fail(
              "Temporal settings",
              "no TEMPORAL_ADDRESS (nor a TEMPORAL_PROFILE with an address): tqd would run an"
                  + " in-memory test server, which loses every workflow when it stops",
              "set TEMPORAL_ADDRESS to the frontend's host:port and TEMPORAL_NAMESPACE (with"
                  + " TEMPORAL_TLS_* or TEMPORAL_API_KEY as the cluster requires)"));
      return skipRest("Temporal settings");
    }
    results.add(CheckResult.pass("Temporal settings", config.toString()));
    WorkflowServiceStubs stubs;
    try {
      stubs = TemporalClients.connect(config, null, Duration.ofSeconds(5));
    } catch (TemporalUnavailableException e) {
      results.add(
          CheckResult.fail(
              "Temporal frontend",
              e.getMessage(),
              "start Temporal, or correct TEMPORAL_ADDRESS; with TLS, check the certificate"
                  + " files and TEMPORAL_TLS_SERVER_NAME"));
      return skipRest("Temporal frontend");
    } catch (IllegalArgumentException e) {
      results.add(
          CheckResult.fail(
              "Temporal frontend",
              e.getMessage(),
              "correct the TLS files named by TEMPORAL_TLS_CLIENT_CERT_PATH,"
                  + " TEMPORAL_TLS_CLIENT_KEY_PATH and TEMPORAL_TLS_SERVER_CA_CERT_PATH"));
      return skipRest("Temporal frontend");
    }
    try {
      results.add(CheckResult.pass("Temporal frontend", "answers at " + config.address()));
      if (namespace(stubs, config.namespace())) {
        results.add(searchAttributes(stubs, config.namespace()));
      } else {
        results.add(CheckResult.skip("Temporal search attributes", "the namespace failed"));
      }
    } finally {
      stubs.shutdownNow();
    }
    return results;
  }

  private List<CheckResult> skipRest(String because) {
    for (String name :
        List.of("Temporal frontend", "Temporal namespace", "Temporal search attributes")) {
      if (results.stream().noneMatch(r -> r.name().equals(name))) {
        results.add(CheckResult.skip(name, because + " failed"));
      }
    }
    return results;
  }

  private boolean namespace(WorkflowServiceStubs stubs, String namespace) {
    String name = "Temporal namespace " + namespace;
    try {
      DescribeNamespaceResponse r =
          stubs
              .blockingStub()
              .describeNamespace(
                  DescribeNamespaceRequest.newBuilder().setNamespace(namespace).build());
      String retention =
          r.getConfig().hasWorkflowExecutionRetentionTtl()
              ? ", retention "
                  + Duration.ofMillis(
                      Durations.toMillis(r.getConfig().getWorkflowExecutionRetentionTtl()))
              : "";
      results.add(
          CheckResult.pass(
              name,
              r.getNamespaceInfo()
                      .getState()
                      .name()
                      .replace("NAMESPACE_STATE_", "")
                      .toLowerCase(java.util.Locale.ROOT)
                  + retention));
      return true;
    } catch (StatusRuntimeException e) {
      Status.Code code = e.getStatus().getCode();
      results.add(
          CheckResult.fail(
              name,
              code == Status.Code.NOT_FOUND
                  ? "the namespace does not exist"
                  : "Temporal refused DescribeNamespace: " + e.getStatus(),
              code == Status.Code.NOT_FOUND
                  ? "create it: temporal operator namespace create --namespace "
                      + namespace
                      + " --retention 30d (or set TEMPORAL_NAMESPACE to the right one)"
                  : "check that the certificate or API key may use namespace " + namespace));
      return false;
    }
  }

  /**
   * TicketId, ReportId and PipelineId must be registered as Keyword: a workflow start that sets an
   * unknown search attribute is rejected. Temporal's Java test server cannot list search
   * attributes; there the check registers them, as every tqd worker and starter does at start.
   */
  private static CheckResult searchAttributes(WorkflowServiceStubs stubs, String namespace) {
    String name = "Temporal search attributes";
    OperatorServiceStubs operator =
        OperatorServiceStubs.newServiceStubs(
            OperatorServiceStubsOptions.newBuilder()
                .setChannel(stubs.getRawChannel())
                .validateAndBuildWithDefaults());
    try {
      Map<String, IndexedValueType> registered =
          operator
              .blockingStub()
              .listSearchAttributes(
                  ListSearchAttributesRequest.newBuilder().setNamespace(namespace).build())
              .getCustomAttributesMap();
      return judge(registered, namespace);
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.UNIMPLEMENTED
          && SearchAttributes.ensureRegistered(stubs, namespace)) {
        return CheckResult.pass(
            name,
            String.join(", ", SearchAttributes.NAMES)
                + " registered as Keyword (this server cannot list search attributes, as"
                + " Temporal's test server cannot: registered now, as a worker does at start)");
      }
      return CheckResult.fail(
          name,
          "cannot list the search attributes of " + namespace + ": " + e.getStatus(),
          registerFix(namespace));
    } finally {
      operator.shutdownNow();
    }
  }

  /** PASS when every tqd attribute is registered as Keyword; names the missing and mistyped. */
  static CheckResult judge(Map<String, IndexedValueType> registered, String namespace) {
    String name = "Temporal search attributes";
    List<String> missing = new ArrayList<>();
    List<String> mistyped = new ArrayList<>();
    for (String attribute : SearchAttributes.NAMES) {
      IndexedValueType t = registered.get(attribute);
      if (t == null) {
        missing.add(attribute);
      } else if (t != IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD) {
        mistyped.add(attribute + " is " + t.name().replace("INDEXED_VALUE_TYPE_", ""));
      }
    }
    if (missing.isEmpty() && mistyped.isEmpty()) {
      return CheckResult.pass(
          name, String.join(", ", SearchAttributes.NAMES) + " registered as Keyword");
    }
    List<String> problems = new ArrayList<>();
    if (!missing.isEmpty()) {
      problems.add("not registered: " + String.join(", ", missing));
    }
    if (!mistyped.isEmpty()) {
      problems.add(
          String.join(", ", mistyped)
              + " (must be Keyword; a type cannot be changed: remove it first, or use another"
              + " namespace)");
    }
    return CheckResult.fail(name, String.join("; ", problems), registerFix(namespace));
  }

  private static String registerFix(String namespace) {
    return "temporal operator search-attribute create --namespace "
        + namespace
        + " --name TicketId --type Keyword --name ReportId --type Keyword --name PipelineId"
        + " --type Keyword";
  }
}
