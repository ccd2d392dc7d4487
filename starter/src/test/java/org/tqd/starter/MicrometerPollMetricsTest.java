package org.tqd.starter;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The poll metrics carry the report, and the pipeline's name when it has one. */
class MicrometerPollMetricsTest {

  static PollResult poll(String pipelineName, String paused) {
    return new PollResult(
        1,
        1344,
        "Queue",
        false,
        Instant.EPOCH,
        Duration.ofMillis(5),
        0,
        0,
        0,
        0,
        List.of(),
        null,
        false,
        pipelineName,
        paused);
  }

  @Test
  void eachPipelineOfOneStarterHasItsOwnSeries() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    MicrometerPollMetrics laptops = new MicrometerPollMetrics(registry, 1344, "laptops");
    MicrometerPollMetrics printers = new MicrometerPollMetrics(registry, 1344, "printers");

    laptops.pollFinished(poll("laptops", null));
    laptops.pollFinished(poll("laptops", null));
    printers.pollFinished(poll("printers", "every pipeline paused by test"));

    assertThat(registry.get("tqd.polls").tag("pipeline", "laptops").counter().count()).isEqualTo(2);
    assertThat(registry.get("tqd.polls").tag("pipeline", "printers").counter().count())
        .isEqualTo(1);
    assertThat(
            registry
                .get("tqd.poll.tickets")
                .tag("pipeline", "laptops")
                .tag("report", "1344")
                .tag("state", "found")
                .gauge())
        .isNotNull();
  }

  @Test
  void anUnnamedPipelineKeepsItsSeriesAsBefore() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    new MicrometerPollMetrics(registry, 1344).pollFinished(poll(null, null));
    assertThat(registry.get("tqd.polls").tag("report", "1344").counter().getId().getTag("pipeline"))
        .isNull();
  }
}
