package org.tqd.starter;

import java.util.Optional;

/**
 * The kill switch as the starter sees it: asked at the start of every poll, before the report is
 * read. The app answers from the ledger's {@code meta.tqd_pause}, so a {@code tqd pause} holds
 * every starter sharing the database from its next poll on.
 */
@FunctionalInterface
public interface PauseCheck {

  /** Never paused (no database, tests). */
  PauseCheck NEVER = pipelineName -> Optional.empty();

  /**
   * Why the pipeline may not start workflows now, such as {@code every pipeline by cli:alice:
   * maintenance}; empty when it may.
   *
   * @param pipelineName the pipeline's name in a {@code pipelines:} file, or null
   * @throws RuntimeException when the answer cannot be read; the poll then starts nothing
   */
  Optional<String> pausedBecause(String pipelineName);
}
