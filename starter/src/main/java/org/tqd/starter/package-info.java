/**
 * The starter: polls the queue report and starts one {@code TicketWorkflow} per ticket that still
 * needs work.
 *
 * <p>Wiring, as the {@code tqd} command does it:
 *
 * <pre>{@code
 * StarterOptions options =
 *     StarterOptions.newBuilder(reportId, pipeline)
 *         .setInterval(Duration.ofSeconds(interval))
 *         .setDryRun(dryRun)
 *         .build();
 * ReportPoller poller =
 *     new ReportPoller(
 *         workflowClient,
 *         tdxClient,
 *         new LedgerWorkTracker(actionLedger),
 *         options,
 *         assetIndex::refreshIfStale,                     // once per poll, before the report call
 *         new MicrometerPollMetrics(registry, reportId));
 * Runtime.getRuntime().addShutdownHook(new Thread(() -> {
 *   try { poller.stopAndWait(Duration.ofSeconds(30)); } catch (InterruptedException e) { }
 * }));
 *
 * if (daemon) {
 *   poller.runDaemon();                                   // returns after stop()
 * } else {
 *   PollResult result = poller.pollOnce();
 *   if (wait) {
 *     List<TicketOutcome> outcomes =
 *         poller.awaitOutcomes(result, Duration.ofMinutes(10), o -> out.println(o.line()));
 *     out.print(OutcomeTable.format(outcomes));
 *   }
 *   System.exit(result.succeeded() ? 0 : 1);
 * }
 * }</pre>
 *
 * <p>The ticket workflows need the search attributes of {@link
 * org.tqd.starter.TicketSearchAttributes} registered in the namespace.
 */
package org.tqd.starter;
