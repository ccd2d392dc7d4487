package org.tqd.activities.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The kill switch against a real PostgreSQL. */
class PauseSwitchTest {

  @RegisterExtension static final PostgresExtension PG = new PostgresExtension();

  Jdbi jdbi;
  PauseSwitch pauses;

  @BeforeEach
  void freshDatabase() {
    jdbi = PG.connect().jdbi();
    pauses = new PauseSwitch(jdbi);
  }

  @Test
  void nothingIsPausedAtFirst() {
    assertThat(pauses.isPaused(null)).isFalse();
    assertThat(pauses.isPaused("laptops")).isFalse();
    assertThat(pauses.list()).isEmpty();
  }

  @Test
  void pipelinePauseHoldsOnlyThatPipeline() {
    pauses.pause("laptops", "alice", "bad rule");

    assertThat(pauses.isPaused("laptops")).isTrue();
    assertThat(pauses.isPaused("printers")).isFalse();
    assertThat(pauses.isPaused(null)).isFalse();
    assertThat(pauses.list())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.scope()).isEqualTo("laptops");
              assertThat(p.pipeline()).contains("laptops");
              assertThat(p.pausedBy()).isEqualTo("alice");
              assertThat(p.reason()).isEqualTo("bad rule");
              assertThat(p.pausedAt()).isNotNull();
            });

    pauses.resume("laptops", "bob", "fixed");
    assertThat(pauses.isPaused("laptops")).isFalse();
  }

  @Test
  void globalPauseHoldsEveryPipelineAndIsIndependentOfNamedOnes() {
    pauses.pause("laptops", "alice", null);
    pauses.pause(null, "carol", "TDX maintenance");

    assertThat(pauses.isPaused(null)).isTrue();
    assertThat(pauses.isPaused("printers")).isTrue();
    assertThat(pauses.pauseOf("laptops")).get().extracting(p -> p.global()).isEqualTo(true);
    assertThat(pauses.list()).extracting(p -> p.scope()).containsExactly("*", "laptops");

    pauses.resume("laptops", "bob", null);
    assertThat(pauses.isPaused("laptops")).as("the global pause still holds").isTrue();

    pauses.pause("laptops", "alice", null);
    pauses.resume(null, "carol", "done");
    assertThat(pauses.isPaused("printers")).isFalse();
    assertThat(pauses.isPaused("laptops")).as("its own pause still holds").isTrue();
  }

  @Test
  void pausingTwiceKeepsTheFirstActorAndResumingUnpausedRecordsNothing() {
    pauses.pause("laptops", "alice", "first");
    pauses.pause("laptops", "bob", "second");
    assertThat(pauses.list().get(0).pausedBy()).isEqualTo("alice");
    assertThat(pauses.list().get(0).reason()).isEqualTo("second");

    pauses.resume("printers", "bob", null);
    pauses.resume("laptops", "bob", "ok");
    pauses.resume("laptops", "bob", "again");

    List<String> events =
        jdbi.withHandle(
            h ->
                h.createQuery(
                        "SELECT scope || ' ' || event || ' ' || actor FROM meta.tqd_pause_event"
                            + " ORDER BY event_id")
                    .mapTo(String.class)
                    .list());
    assertThat(events)
        .containsExactly("laptops pause alice", "laptops pause bob", "laptops resume bob");
  }

  @Test
  void refusesAStarAsPipelineNameAndAMissingActor() {
    assertThatThrownBy(() -> pauses.pause("*", "alice", null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("leave it out");
    assertThatThrownBy(() -> pauses.pause(" ", "alice", null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> pauses.resume(null, "", null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("who");
    assertThat(pauses.list()).isEmpty();
  }
}
