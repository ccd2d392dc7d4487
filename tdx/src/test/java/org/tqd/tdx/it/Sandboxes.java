package org.tqd.tdx.it;

import java.time.Duration;
import org.tqd.sandbox.RateLimits;
import org.tqd.sandbox.TdxSandbox;
import org.tqd.tdx.TdxClientConfig;
import org.tqd.tdx.TdxCredentials;

/** Connects clients to a sandbox. */
final class Sandboxes {
  private Sandboxes() {}

  static TdxSandbox start(int tickets) {
    return TdxSandbox.builder().tickets(tickets).seed(7).build().start();
  }

  static TdxSandbox startUnlimited(int tickets) {
    return TdxSandbox.builder()
        .tickets(tickets)
        .seed(7)
        .rateLimits(RateLimits.off())
        .build()
        .start();
  }

  /** TDX's documented limits with every window shortened to {@code window}. */
  static TdxSandbox startWithWindow(int tickets, Duration window) {
    return TdxSandbox.builder()
        .tickets(tickets)
        .seed(7)
        .rateLimits(new RateLimits(true, 1.0, window))
        .build()
        .start();
  }

  static TdxCredentials.WebServicesKey key(TdxSandbox sandbox) {
    return new TdxCredentials.WebServicesKey(
        sandbox.beid().toString(), sandbox.webServicesKey().toString());
  }

  static TdxClientConfig.Builder config(TdxSandbox sandbox) {
    return TdxClientConfig.builder()
        .baseUrl(sandbox.baseUrl())
        .ticketAppId(sandbox.ticketAppId())
        .assetAppId(sandbox.assetAppId())
        .credentials(key(sandbox));
  }

  static int firstTicket(TdxSandbox sandbox) {
    return sandbox.reportTickets().get(0);
  }

  /** A ticket whose ground truth attaches at least one asset. */
  static int ticketWithAsset(TdxSandbox sandbox) {
    return sandbox.truth().stream()
        .filter(t -> !t.expectedAssetIds().isEmpty())
        .findFirst()
        .orElseThrow()
        .ticketId();
  }
}
