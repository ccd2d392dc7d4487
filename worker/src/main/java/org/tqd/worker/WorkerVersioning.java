package org.tqd.worker;

import io.temporal.common.VersioningBehavior;
import io.temporal.common.WorkerDeploymentVersion;
import io.temporal.worker.WorkerDeploymentOptions;
import java.util.Map;
import java.util.Optional;

/**
 * Temporal Worker Versioning for tqd's workers, off by default. With {@code
 * TQD_WORKER_DEPLOYMENT_NAME} and {@code TQD_WORKER_BUILD_ID} set, the worker polls as that version
 * of that Worker Deployment and its workflows are <b>pinned</b>: a run stays on the build that
 * started it, so a new build never replays an old run's history, and replay safety through {@code
 * Workflow.getVersion} becomes a second line of defence. It needs a Temporal server with Worker
 * Deployments (1.27+, with {@code system.enableDeploymentVersions}) and an operator who sets the
 * deployment's current version ({@code temporal worker deployment set-current-version}) after the
 * new workers are up; Temporal's Java test server does not implement it.
 */
public final class WorkerVersioning {

  private WorkerVersioning() {}

  /**
   * The deployment options from the environment, or empty when versioning is off (neither variable
   * set).
   *
   * @throws IllegalArgumentException when only one is set, or a value is unusable, naming it
   */
  public static Optional<WorkerDeploymentOptions> fromEnvironment(Map<String, String> env) {
    String name = trimmed(env.get("TQD_WORKER_DEPLOYMENT_NAME"));
    String build = trimmed(env.get("TQD_WORKER_BUILD_ID"));
    if (name == null && build == null) {
      return Optional.empty();
    }
    if (name == null || build == null) {
      throw new IllegalArgumentException(
          "Worker Versioning needs both TQD_WORKER_DEPLOYMENT_NAME and TQD_WORKER_BUILD_ID; only "
              + (name == null ? "TQD_WORKER_BUILD_ID" : "TQD_WORKER_DEPLOYMENT_NAME")
              + " is set. Set both, or neither to run unversioned");
    }
    if (name.contains(".")) {
      throw new IllegalArgumentException(
          "TQD_WORKER_DEPLOYMENT_NAME must not contain '.' (Temporal joins name and build ID with"
              + " it), got '"
              + name
              + "'");
    }
    return Optional.of(
        WorkerDeploymentOptions.newBuilder()
            .setUseVersioning(true)
            .setVersion(new WorkerDeploymentVersion(name, build))
            .setDefaultVersioningBehavior(VersioningBehavior.PINNED)
            .build());
  }

  private static String trimmed(String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }
}
