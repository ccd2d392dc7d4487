package org.tqd.app;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.api.operatorservice.v1.AddSearchAttributesRequest;
import io.temporal.serviceclient.OperatorServiceStubs;
import io.temporal.serviceclient.OperatorServiceStubsOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sure the namespace knows tqd's Keyword search attributes ({@code TicketId}, {@code
 * ReportId}, {@code PipelineId}), without which a workflow start is rejected. On a real cluster the
 * compose setup registers them; on a development test server nobody does, so the worker and the
 * starter try once at start-up. Failures (no permission, already there) are logged, not fatal.
 */
public final class SearchAttributes {

  private static final Logger log = LoggerFactory.getLogger(SearchAttributes.class);

  /** The search attributes tqd sets on every ticket workflow. */
  public static final String[] NAMES = {"TicketId", "ReportId", "PipelineId"};

  private SearchAttributes() {}

  /** Registers any of {@link #NAMES} the namespace lacks; returns true when the call succeeded. */
  public static boolean ensureRegistered(WorkflowServiceStubs stubs, String namespace) {
    OperatorServiceStubs operator =
        OperatorServiceStubs.newServiceStubs(
            OperatorServiceStubsOptions.newBuilder()
                .setChannel(stubs.getRawChannel())
                .validateAndBuildWithDefaults());
    try {
      AddSearchAttributesRequest.Builder request =
          AddSearchAttributesRequest.newBuilder().setNamespace(namespace);
      for (String name : NAMES) {
        request.putSearchAttributes(name, IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
      }
      operator.blockingStub().addSearchAttributes(request.build());
      log.info(
          "registered search attributes TicketId, ReportId, PipelineId in namespace {}", namespace);
      return true;
    } catch (StatusRuntimeException e) {
      Status.Code code = e.getStatus().getCode();
      if (code == Status.Code.ALREADY_EXISTS || code == Status.Code.INVALID_ARGUMENT) {
        log.debug("search attributes already registered in {}: {}", namespace, e.getMessage());
        return true;
      }
      log.warn(
          "could not register search attributes in namespace {} ({}); register them with"
              + " `temporal operator search-attribute create --name TicketId --type Keyword` (and"
              + " ReportId, PipelineId)",
          namespace,
          e.getStatus());
      return false;
    } finally {
      operator.shutdown();
    }
  }
}
