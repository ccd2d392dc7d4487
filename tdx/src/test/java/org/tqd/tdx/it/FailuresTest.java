package org.tqd.tdx.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.tqd.sandbox.Faults;
import org.tqd.sandbox.TdxSandbox;
import org.tqd.tdx.TdxClient;
import org.tqd.tdx.TdxCredentials;
import org.tqd.tdx.TdxException;
import org.tqd.tdx.model.FeedPost;

/** Server errors, hangs, empty answers, duplicates, and what never appears in logs or errors. */
class FailuresTest {

  private static final String GET_TICKET = "GET tickets/{id}";

  @Test
  void aServerErrorIsThrownAsSuchAndNotRepeated() {
    try (TdxSandbox sandbox = Sandboxes.startUnlimited(3)) {
      TdxClient tdx = new TdxClient(Sandboxes.config(sandbox).build());
      sandbox.faults().serverErrorShare(1.0);

      assertThatThrownBy(() -> tdx.getTicket(Sandboxes.firstTicket(sandbox)))
          .isInstanceOfSatisfying(
              TdxException.ServerError.class,
              e -> {
                assertThat(e.status()).isEqualTo(500);
                assertThat(e.isRetryable()).isTrue();
                assertThat(e).hasMessageContaining("An error has occurred.");
              });
      assertThat(sandbox.calls()).containsEntry(GET_TICKET, 1L);
    }
  }

  @Test
  void aHangingCallEndsInATransportFailureWithinTheTimeout() {
    try (TdxSandbox sandbox = Sandboxes.startUnlimited(3)) {
      CallLog log = new CallLog();
      TdxClient tdx =
          new TdxClient(
              Sandboxes.config(sandbox)
                  .requestTimeout(Duration.ofMillis(600))
                  .listener(log)
                  .build());
      tdx.getTicketStatuses();
      sandbox.faults().hangShare(1.0).hangMillis(10_000);

      long start = System.nanoTime();
      assertThatThrownBy(() -> tdx.getTicket(Sandboxes.firstTicket(sandbox)))
          .isInstanceOfSatisfying(
              TdxException.Transport.class,
              e -> {
                assertThat(e.status()).isZero();
                assertThat(e.isRetryable()).isTrue();
                assertThat(e).hasMessageContaining("no complete answer within 600 ms");
              });
      Duration took = Duration.ofNanos(System.nanoTime() - start);

      assertThat(took).isBetween(Duration.ofMillis(500), Duration.ofMillis(2_000));
      assertThat(log.count(GET_TICKET, 0)).isEqualTo(1);
    }
  }

  @Test
  void aRefusedConnectionIsATransportFailure() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    try (TdxSandbox sandbox = Sandboxes.startUnlimited(1)) {
      TdxClient tdx =
          new TdxClient(
              Sandboxes.config(sandbox)
                  .baseUrl("http://127.0.0.1:" + port + "/TDWebApi/api")
                  .build());

      assertThatThrownBy(tdx::getTicketStatuses)
          .isInstanceOf(TdxException.Transport.class)
          .hasMessageContaining("POST auth/loginadmin")
          .hasMessageContaining("127.0.0.1:" + port)
          .hasMessageContaining("connection refused")
          .hasMessageContaining("check TDX_BASE_URL");
    }
  }

  @Test
  void emptySuccessfulAnswersAreNotErrors() {
    try (TdxSandbox sandbox = Sandboxes.startUnlimited(5)) {
      TdxClient tdx = new TdxClient(Sandboxes.config(sandbox).build());
      int id = Sandboxes.ticketWithAsset(sandbox);
      int assetId = sandbox.truth(id).expectedAssetIds().get(0);
      sandbox.faults().emptyBodyShare(1.0);

      assertThat(tdx.postFeed(id, FeedPost.comment("empty answer", true, false))).isNull();
      assertThat(sandbox.state(id).feed())
          .anySatisfy(e -> assertThat(e.body()).isEqualTo("empty answer"));

      // 1102 and 1103 are groups of the sandbox's site.
      int group = sandbox.state(id).responsibleGroupId() == 1102 ? 1103 : 1102;
      assertThat(tdx.updateResponsibility(id, group, null, false)).isNull();
      assertThat(sandbox.state(id).responsibleGroupId()).isEqualTo(group);

      tdx.addTicketAsset(id, assetId);
      assertThat(sandbox.state(id).assetIds()).contains(assetId);
    }
  }

  @Test
  void addingAnAssetTwiceIsNotAnErrorInEitherDuplicateMode() {
    try (TdxSandbox sandbox = Sandboxes.startUnlimited(5)) {
      TdxClient tdx = new TdxClient(Sandboxes.config(sandbox).build());
      int id = Sandboxes.ticketWithAsset(sandbox);
      int assetId = sandbox.truth(id).expectedAssetIds().get(0);

      tdx.addTicketAsset(id, assetId);
      tdx.addTicketAsset(id, assetId);
      sandbox.faults().duplicateAssetError(true);
      tdx.addTicketAsset(id, assetId);
      sandbox.faults().duplicateAssetError(false).assetAddBody(Faults.AssetAddBody.MESSAGE);
      tdx.addTicketAsset(id, assetId);

      assertThat(sandbox.state(id).assetIds()).containsOnlyOnce(assetId);
      assertThat(sandbox.calls()).containsEntry("POST tickets/{id}/assets/{assetId}", 4L);
    }
  }

  @Test
  void otherAssetAddFailuresStillThrow() {
    try (TdxSandbox sandbox = Sandboxes.startUnlimited(3)) {
      TdxClient tdx = new TdxClient(Sandboxes.config(sandbox).build());

      assertThatThrownBy(() -> tdx.addTicketAsset(Sandboxes.firstTicket(sandbox), 999_999))
          .isInstanceOf(TdxException.NotFound.class)
          .hasMessageContaining("Asset 999999 was not found.");
    }
  }

  @Test
  void aWrongApplicationIdIsNotFound() {
    try (TdxSandbox sandbox = Sandboxes.startUnlimited(3)) {
      TdxClient tdx = new TdxClient(Sandboxes.config(sandbox).ticketAppId(99).build());

      assertThatThrownBy(() -> tdx.getTicket(Sandboxes.firstTicket(sandbox)))
          .isInstanceOf(TdxException.NotFound.class)
          .hasMessageContaining("/99/tickets/")
          .hasMessageContaining("Application 99");
    }
  }

  @Test
  void secretsNeverReachLogsExceptionsOrToString() {
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.addAppender(logs);
    List<String> texts = new ArrayList<>();
    try (TdxSandbox sandbox = Sandboxes.startUnlimited(3)) {
      String key = sandbox.webServicesKey().toString();
      String password = sandbox.password();
      String staticToken = sandbox.issueToken();
      int id = Sandboxes.firstTicket(sandbox);

      TdxClient good = new TdxClient(Sandboxes.config(sandbox).build());
      good.getTicket(id);
      texts.add(good.toString());
      sandbox.faults().permissionDenied(true).templates(Set.of(GET_TICKET));
      texts.add(messageOf(() -> good.getTicket(id)));
      sandbox.faults().reset();

      TdxClient badPassword =
          new TdxClient(
              Sandboxes.config(sandbox)
                  .credentials(new TdxCredentials.UsernamePassword(sandbox.username(), key))
                  .build());
      texts.add(messageOf(() -> badPassword.getTicket(id)));
      texts.add(badPassword.toString());

      TdxClient byToken =
          new TdxClient(
              Sandboxes.config(sandbox)
                  .credentials(new TdxCredentials.StaticToken(staticToken))
                  .build());
      byToken.getTicket(id);
      texts.add(byToken.toString());

      for (ILoggingEvent event : logs.list) {
        texts.add(event.getFormattedMessage());
        for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
          texts.add(t.getMessage());
        }
      }
      assertThat(logs.list).isNotEmpty();
      assertThat(texts)
          .allSatisfy(
              text ->
                  assertThat(String.valueOf(text))
                      .doesNotContain(key)
                      .doesNotContain(password)
                      .doesNotContain(staticToken)
                      .doesNotContain("eyJ"));
    } finally {
      root.detachAppender(logs);
    }
  }

  private static String messageOf(Runnable call) {
    try {
      call.run();
    } catch (TdxException e) {
      return e.getMessage();
    }
    throw new AssertionError("expected a TdxException");
  }
}
