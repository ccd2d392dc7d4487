package org.tqd.bench;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The benchmark programs behind {@code bench/run.sh}: {@code all} (every scenario, one JSON file
 * and one table), {@code pipeline} (throughput against the rate-limit bound, calls per ticket),
 * {@code calls} (calls per ticket by add_asset phase) and {@code repoll} (cost of polling a
 * processed report). Each prints its numbers on standard output.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    subcommands = {AllBench.class, PipelineBench.class, CallsBench.class, RepollBench.class},
    description = "tqd benchmarks against the TDX sandbox, in this process.")
public final class Bench implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    int status = new CommandLine(new Bench()).execute(args);
    System.exit(status);
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
