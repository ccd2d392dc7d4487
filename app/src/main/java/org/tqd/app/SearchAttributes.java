package org.tqd.app;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.api.operatorservice.v1.AddSearchAttributesRequest;
import io.temporal.api.operatorservice.v1.ListSearchAttributesRequest;
import io.temporal.api.workflowservice.v1.GetSearchAttributesRequest;
import io.temporal.serviceclient.OperatorServiceStubs;
import io.temporal.serviceclient.OperatorServiceStubsOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sure the namespace knows tqd's Keyword search attributes ({@code TicketId}, {@code
 * ReportId}, {@code PipelineId}), without which a workflow start is rejected. On a real cluster the
 * compose setup registers them; on a development test server nobody does, so the worker and the
 * starter try once at start-up. Attributes already there with the Keyword type are fine; a name
 * registered with another type, or missing after the registration was refused (no permission, the
 * namespace's limit), is a configuration error that stops the process with a message saying what to
 * do: every workflow start would be rejected otherwise.
 */
public final class SearchAttributes {

  private static final Logger log = LoggerFactory.getLogger(SearchAttributes.class);

  /** The search attributes tqd sets on every ticket workflow. */
  public static final String[] NAMES = {"TicketId", "ReportId", "PipelineId"};

  /**
   * Set only on workflows of a {@code pipelines:} file's named pipelines: registered with the
   * others, but its absence is a warning, so a namespace that serves single-pipeline files keeps
   * working without it.
   */
  public static final String PIPELINE_NAME = "PipelineName";

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
      request.putSearchAttributes(PIPELINE_NAME, IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
      operator.blockingStub().addSearchAttributes(request.build());
      log.info(
          "registered search attributes TicketId, ReportId, PipelineId, PipelineName in namespace"
              + " {}",
          namespace);
      return true;
    } catch (StatusRuntimeException e) {
      Status.Code code = e.getStatus().getCode();
      if (code == Status.Code.UNAVAILABLE || code == Status.Code.DEADLINE_EXCEEDED) {
        throw e;
      }
      // Already there, refused (no permission), a type conflict or the namespace's limit: what
      // the namespace has decides whether tqd can start workflows at all.
      Map<String, IndexedValueType> existing;
      try {
        existing = existing(stubs, operator, namespace);
      } catch (StatusRuntimeException listing) {
        if (code == Status.Code.ALREADY_EXISTS
            && listing.getStatus().getCode() == Status.Code.UNIMPLEMENTED) {
          // A server that cannot list them (Temporal's Java test server) but has them.
          log.debug("search attributes already registered in {}: {}", namespace, e.getMessage());
          return true;
        }
        log.warn(
            "could not register search attributes in namespace {} ({}) nor list them ({});"
                + " register them with `temporal operator search-attribute create --name TicketId"
                + " --type Keyword` (and ReportId, PipelineId)",
            namespace,
            e.getStatus(),
            listing.getStatus());
        return false;
      }
      List<String> problems = new ArrayList<>();
      for (String name : NAMES) {
        IndexedValueType type = existing.get(name);
        if (type == null) {
          problems.add(name + " is not registered");
        } else if (type != IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD) {
          problems.add(
              name
                  + " is registered as "
                  + type.name().replace("INDEXED_VALUE_TYPE_", "")
                  + ", not Keyword");
        }
      }
      if (existing.get(PIPELINE_NAME) != IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD) {
        log.warn(
            "search attribute PipelineName is not registered as Keyword in namespace {}: workflows"
                + " of a pipelines: file cannot start until it is (`temporal operator"
                + " search-attribute create --namespace {} --name PipelineName --type Keyword`)",
            namespace,
            namespace);
      }
      if (problems.isEmpty()) {
        log.debug("search attributes already registered in {}: {}", namespace, e.getMessage());
        return true;
      }
      throw UserError.config(
          "The Temporal namespace "
              + namespace
              + " cannot take tqd's workflows: "
              + String.join("; ", problems)
              + " (registering them failed: "
              + e.getStatus().getCode()
              + (e.getStatus().getDescription() == null
                  ? ""
                  : ": " + e.getStatus().getDescription())
              + "). Register TicketId, ReportId and PipelineId as Keyword search attributes, e.g."
              + " `temporal operator search-attribute create --namespace "
              + namespace
              + " --name TicketId --type Keyword`; a name taken with another type must be"
              + " removed first, and a namespace at its limit of custom search attributes needs"
              + " one freed");
    } finally {
      operator.shutdown();
    }
  }

  /**
   * The namespace's custom search attributes and their types: the operator service's list, or,
   * where it is not implemented (Temporal's Java test server), the workflow service's older {@code
   * GetSearchAttributes}.
   */
  private static Map<String, IndexedValueType> existing(
      WorkflowServiceStubs stubs, OperatorServiceStubs operator, String namespace) {
    try {
      return operator
          .blockingStub()
          .listSearchAttributes(
              ListSearchAttributesRequest.newBuilder().setNamespace(namespace).build())
          .getCustomAttributesMap();
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() != Status.Code.UNIMPLEMENTED) {
        throw e;
      }
      return stubs
          .blockingStub()
          .getSearchAttributes(GetSearchAttributesRequest.getDefaultInstance())
          .getKeysMap();
    }
  }
}
