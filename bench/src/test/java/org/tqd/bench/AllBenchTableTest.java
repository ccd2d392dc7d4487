package org.tqd.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Python model's rows of the table printed by {@code bench/run.sh all}. */
class AllBenchTableTest {

  @Test
  void rowGivesThePythonModelsRateWithAndWithoutItsStateStore() {
    Map<String, Object> over = new LinkedHashMap<>();
    over.put("tickets", 300);
    over.put(
        "baseline_python",
        Map.of(
            "ran",
            true,
            "tickets_per_second",
            7.5,
            "state_store",
            true,
            "interpreter",
            "/usr/bin/python3"));
    over.put("baseline_python_tdx_calls_only", Map.of("ran", true, "tickets_per_second", 9.25));

    assertThat(AllBench.pythonRow(over))
        .isEqualTo(
            "| limits off, 300 tickets, Python model of the daemon (requests without a session,"
                + " /usr/bin/python3) | – | 7.5 tickets/s with its state store (9.25 tickets/s with"
                + " its TDX calls only) |\n");
  }

  @Test
  void rowSaysWhyThePythonModelDidNotRun() {
    Map<String, Object> over = new LinkedHashMap<>();
    over.put("tickets", 300);
    over.put(
        "baseline_python",
        Map.of(
            "ran", false, "reason", "no python3 with the 'requests' module (python3: not found)"));

    assertThat(AllBench.pythonRow(over))
        .isEqualTo(
            "| limits off, 300 tickets, Python model of the daemon | – | not run: no python3 with"
                + " the 'requests' module (python3: not found) |\n");
  }

  @Test
  void rowSaysWhenTheStateStoreWasLeftOut() {
    Map<String, Object> over = new LinkedHashMap<>();
    over.put("tickets", 30);
    over.put(
        "baseline_python",
        Map.of(
            "ran",
            true,
            "tickets_per_second",
            12.0,
            "state_store",
            false,
            "interpreter",
            "python3"));

    assertThat(AllBench.pythonRow(over))
        .contains("12.0 tickets/s with its TDX calls only (no psycopg2)");
  }

  @Test
  void countsFromThePythonModelsJsonCompareWithTheSandboxs() {
    assertThat(AllBench.longs(Map.of("GET tickets/{id}", 3, "POST tickets/search", 5L)))
        .isEqualTo(Map.of("GET tickets/{id}", 3L, "POST tickets/search", 5L));
  }

  @Test
  void coldRowGivesBothSidesFromLaunchToExitOrNothingWithoutAReading() {
    Map<String, Object> over = new LinkedHashMap<>();
    assertThat(AllBench.coldRow(over)).isEmpty();
    over.put(
        "cold",
        Map.of(
            "tickets",
            60,
            "tqd_seconds",
            9.5,
            "tqd_first_seconds",
            12.25,
            "tqd_class_data_archive",
            true,
            "python_seconds",
            10.25,
            "python_state_store",
            true));

    assertThat(AllBench.coldRow(over))
        .isEqualTo(
            "| limits off, 60 tickets from a fresh process, launch to exit | 9.5 s (`tqd run"
                + " --wait`: new JVM with ./tqd's class-data archive, embedded PostgreSQL copied"
                + " from the cluster template, embedded test server); 12.25 s on a machine where"
                + " tqd never ran (`initdb`, no archive) | 10.25 s (`python3"
                + " bench/daemon_model.py`, with its state store) |\n");
  }
}
