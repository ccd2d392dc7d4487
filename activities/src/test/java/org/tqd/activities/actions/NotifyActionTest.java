package org.tqd.activities.actions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.tqd.activities.ledger.ActionState;
import org.tqd.activities.ledger.ActionStatus;
import org.tqd.activities.ledger.ClaimContext;
import org.tqd.activities.ledger.ClaimOutcome;
import org.tqd.activities.ledger.PostgresExtension;
import org.tqd.activities.notify.Notifications;
import org.tqd.sandbox.RateLimits;
import org.tqd.sandbox.TdxSandbox;
import org.tqd.tdx.model.Ticket;
import org.tqd.workflows.action.ActionSpec;
import org.tqd.workflows.action.ActionSpecs;
import org.tqd.workflows.activities.ActionActivities;
import org.tqd.workflows.activities.ActionRequest;
import org.tqd.workflows.activities.ActionResult;
import org.tqd.workflows.activities.ActionResult.Outcome;
import org.tqd.workflows.activities.RunContext;

/**
 * {@code notify} over HTTP to a local receiver (standing in for a webhook, Slack, Teams and the
 * Telegram bot API), with the sandbox and a real PostgreSQL ledger, through Temporal's
 * TestActivityEnvironment: one POST per ticket with the idempotency and signature headers, the
 * channels' message shapes, 4xx not retried, and a crash in the send window (at most two deliveries
 * with one key, the second flagged {@code possibly_duplicate}).
 */
class NotifyActionTest {

  @RegisterExtension static final PostgresExtension PG = new PostgresExtension();

  static final ObjectMapper JSON = new ObjectMapper();
  static final String SECRET = "s3cret-signing-key";
  static final String BOT_TOKEN = "123456:bot-token-never-logged";

  @TempDir static Path dir;

  static TdxSandbox sandbox;
  static Harness h;
  static Receiver receiver;
  static ActionActivitiesImpl impl;
  TestActivityEnvironment env;
  ActionActivities activities;

  @BeforeAll
  static void start() throws Exception {
    sandbox = TdxSandbox.builder().tickets(20).seed(9).rateLimits(RateLimits.off()).build().start();
    h = new Harness(PG, sandbox);
    receiver = new Receiver();
    Path urlFile = dir.resolve("slack-url");
    Files.writeString(urlFile, receiver.url() + "/slack\n", StandardCharsets.UTF_8);
    Map<String, String> env = new HashMap<>();
    env.put("TQD_HOOK_URL", receiver.url() + "/hook");
    env.put("TQD_HOOK_SECRET", SECRET);
    env.put("TQD_SLACK_URL_FILE", urlFile.toString());
    env.put("TQD_TEAMS_URL", receiver.url() + "/teams");
    env.put("TQD_TG_BASE", receiver.url() + "/tg/");
    env.put("TQD_TG_TOKEN", BOT_TOKEN);
    impl =
        new ActionActivitiesImpl(
            h.client,
            h.ledger,
            h.journal,
            h.index,
            null,
            ActionSettings.forTdx(sandbox.baseUrl(), sandbox.ticketAppId()),
            Clock.systemUTC(),
            3,
            Notifications.of(env, null, Duration.ofMillis(10)));
  }

  @AfterAll
  static void stop() {
    receiver.close();
    sandbox.close();
  }

  @BeforeEach
  void environment() {
    receiver.clear();
    env = TestActivityEnvironment.newInstance();
    env.registerActivitiesImplementations(impl);
    activities =
        env.newActivityStub(
            ActionActivities.class,
            ActivityOptions.newBuilder()
                .setStartToCloseTimeout(Duration.ofSeconds(30))
                .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
                .build());
  }

  @AfterEach
  void cleanUp() {
    env.close();
  }

  private static int ticket(int index) {
    return sandbox.reportTickets().get(index);
  }

  private ActionState row(int ticketId, ActionSpec spec) {
    return h.ledger.loadStates(ticketId, List.of(spec.actionId())).get(spec.actionId());
  }

  private static ActionSpec webhook() {
    return ActionSpecs.create(
        "notify",
        Map.of(
            "channel", "webhook",
            "url_env", "TQD_HOOK_URL",
            "secret_env", "TQD_HOOK_SECRET",
            "body",
                "{\"ticket\": {{ticket.ID}}, \"title\": \"{{ticket.Title}}\", \"tag\": \"<b>&\"}",
            "max_attempts", 1));
  }

  private static String hmac(String body) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void aWebhookGetsOnePostWithTheIdempotencyKeyAndSignature() throws Exception {
    int id = ticket(0);
    ActionSpec spec = webhook();
    Ticket t = h.ticket(id);

    ActionResult result = activities.sendNotification(h.request(id, spec));

    assertThat(result.outcome()).isEqualTo(Outcome.COMPLETED);
    assertThat(receiver.received()).hasSize(1);
    Receiver.Received post = receiver.received().get(0);
    assertThat(post.method()).isEqualTo("POST");
    assertThat(post.path()).isEqualTo("/hook");
    assertThat(post.header("Idempotency-Key")).isEqualTo(id + ":" + spec.actionId());
    assertThat(post.header("X-Tqd-Signature")).isEqualTo(hmac(post.body()));
    JsonNode body = JSON.readTree(post.body());
    assertThat(body.get("ticket").asInt()).isEqualTo(id);
    assertThat(body.get("title").asText()).isEqualTo(t.title());
    assertThat(body.get("tag").asText()).isEqualTo("<b>&");

    ActionState state = row(id, spec);
    assertThat(state.status()).isEqualTo(ActionStatus.COMPLETED);
    assertThat(state.metadata()).doesNotContainKey("possibly_duplicate");
    @SuppressWarnings("unchecked")
    Map<String, Object> details = (Map<String, Object>) state.metadata().get("details");
    assertThat(details)
        .containsEntry("idempotency", id + ":" + spec.actionId())
        .containsEntry("channel", "webhook")
        .containsEntry("recipient", "webhook $TQD_HOOK_URL");
    assertThat(state.metadata().toString()).doesNotContain(receiver.url()).doesNotContain(SECRET);

    // The next poll: the ledger has it done; nothing is sent.
    assertThat(activities.sendNotification(h.request(id, spec)).outcome())
        .isEqualTo(Outcome.ALREADY_DONE);
    assertThat(receiver.received()).hasSize(1);
  }

  @Test
  void aCrashAfterSendingAndBeforeRecordingSendsAtMostTwiceAndFlagsTheSecond() {
    int id = ticket(1);
    ActionSpec spec = webhook();
    ActionRequest request = h.request(id, spec);
    // The attempt that dies, step by step: claim, plan stored (the send window), the POST; then
    // the worker is gone before the row is completed.
    assertThat(
            h.ledger
                .claim(
                    id,
                    spec.actionId(),
                    spec.type(),
                    spec.actionHash(),
                    new ClaimContext(null, "run-1", null, null))
                .outcome())
        .isEqualTo(ClaimOutcome.CLAIMED_NEW);
    NotifyAction notify =
        new NotifyAction(
            Notifications.of(
                Map.of("TQD_HOOK_URL", receiver.url() + "/hook", "TQD_HOOK_SECRET", SECRET),
                null,
                Duration.ofMillis(10)));
    NotifyAction.Plan plan = notify.plan(request);
    h.journal.savePending(id, spec.actionId(), plan);
    notify.apply(request, plan, false);
    assertThat(receiver.received()).hasSize(1);

    ActionResult retry = activities.sendNotification(request);

    assertThat(retry.outcome()).isEqualTo(Outcome.COMPLETED);
    assertThat(retry.details()).containsEntry("possibly_duplicate", true);
    assertThat(receiver.received()).hasSize(2);
    assertThat(receiver.received().get(1).header("Idempotency-Key"))
        .isEqualTo(receiver.received().get(0).header("Idempotency-Key"))
        .isEqualTo(id + ":" + spec.actionId());
    assertThat(receiver.received().get(1).body()).isEqualTo(receiver.received().get(0).body());
    ActionState state = row(id, spec);
    assertThat(state.status()).isEqualTo(ActionStatus.COMPLETED);
    assertThat(state.metadata()).containsEntry("possibly_duplicate", true);

    assertThat(activities.sendNotification(request).outcome()).isEqualTo(Outcome.ALREADY_DONE);
    assertThat(receiver.received()).hasSize(2);
  }

  @Test
  void anAnswerLostToA5xxIsSentAgainWithTheSameKeyAndFlagged() {
    int id = ticket(2);
    ActionSpec spec = webhook();
    receiver.answer(502);

    ActivityFailure failure =
        catchThrowableOfType(
            ActivityFailure.class, () -> activities.sendNotification(h.request(id, spec)));
    ApplicationFailure app = (ApplicationFailure) failure.getCause();
    assertThat(app.getType()).isEqualTo(NotifyAction.FAILED);
    assertThat(app.isNonRetryable()).isFalse();
    assertThat(app.getOriginalMessage()).contains("HTTP 502").doesNotContain(receiver.url());
    assertThat(row(id, spec).status()).isEqualTo(ActionStatus.IN_PROGRESS);

    ActionResult retry = activities.sendNotification(h.request(id, spec));

    assertThat(retry.outcome()).isEqualTo(Outcome.COMPLETED);
    assertThat(receiver.received()).hasSize(2);
    assertThat(receiver.received().stream().map(r -> r.header("Idempotency-Key")).distinct())
        .containsExactly(id + ":" + spec.actionId());
    assertThat(row(id, spec).metadata()).containsEntry("possibly_duplicate", true);
  }

  @Test
  void ticketTextIsJsonEscapedInABodyAndCannotWriteSlackMarkup() throws Exception {
    int id = ticket(9);
    String title = "Say \"hi\" <!channel> & {{x}} \\ end";
    h.client.patchTicket(id, Map.of("/Title", title));

    activities.sendNotification(h.request(id, webhook()));
    activities.sendNotification(
        h.request(
            id,
            ActionSpecs.create(
                "notify",
                Map.of(
                    "channel",
                    "slack",
                    "url_env",
                    "TQD_SLACK_URL",
                    "text",
                    "New: {{ticket.Title}}"))));

    List<Receiver.Received> got = receiver.received();
    assertThat(JSON.readTree(got.get(0).body()).get("title").asText()).isEqualTo(title);
    assertThat(JSON.readTree(got.get(1).body()).get("text").asText())
        .isEqualTo("New: Say \"hi\" &lt;!channel&gt; &amp; {{x}} \\ end");
  }

  @Test
  void aMessageNamesTheComputersAnEarlierAddAssetAttached() throws Exception {
    var truth = h.first("title names the computer");
    int id = truth.ticketId();
    Ticket ticket = h.ticket(id);
    ActionSpec add = Harness.addAsset();
    ActionResult added =
        activities.addAsset(h.request(ticket, add, List.of(), RunContext.empty(), false));
    assertThat(added.assetsAdded()).isNotEmpty();
    ActionSpec spec =
        ActionSpecs.create(
            "notify",
            Map.of(
                "channel", "slack",
                "url_env", "TQD_SLACK_URL",
                "text", "Attached {{actions.add_asset.asset_names}} to {{ticket.ID}}"));

    activities.sendNotification(
        h.request(ticket, spec, List.of(add.actionId()), RunContext.empty().with(added), false));

    String name = assetName(added);
    assertThat(name).isNotBlank();
    assertThat(JSON.readTree(receiver.received().get(0).body()).get("text").asText())
        .isEqualTo("Attached " + name + " to " + id);
  }

  @SuppressWarnings("unchecked")
  private static String assetName(ActionResult added) {
    return String.join(", ", (List<String>) added.details().get("asset_names"));
  }

  @Test
  void a4xxIsNotRetried() {
    int id = ticket(3);
    ActionSpec spec =
        ActionSpecs.create(
            "notify",
            Map.of("channel", "slack", "url_env", "TQD_SLACK_URL", "text", "x", "max_attempts", 3));
    receiver.answer(404, 404, 404);

    ActivityFailure failure =
        catchThrowableOfType(
            ActivityFailure.class, () -> activities.sendNotification(h.request(id, spec)));

    ApplicationFailure app = (ApplicationFailure) failure.getCause();
    assertThat(app.getType()).isEqualTo(NotifyAction.REJECTED);
    assertThat(app.isNonRetryable()).isTrue();
    assertThat(receiver.received()).hasSize(1);
  }

  @Test
  void a5xxIsRetriedWithinTheBoundedAttempts() {
    int id = ticket(4);
    ActionSpec spec =
        ActionSpecs.create(
            "notify",
            Map.of("channel", "slack", "url_env", "TQD_SLACK_URL", "text", "y", "max_attempts", 3));
    receiver.answer(503);

    ActionResult result = activities.sendNotification(h.request(id, spec));

    assertThat(result.outcome()).isEqualTo(Outcome.COMPLETED);
    assertThat(result.details()).containsEntry("attempts", 2);
    assertThat(receiver.received()).hasSize(2);
  }

  @Test
  void slackTeamsAndTelegramGetTheirMessageShapes() throws Exception {
    int id = ticket(5);
    Ticket t = h.ticket(id);
    String text = "Ticket {{ticket.ID}}: {{ticket.Title}}";
    String rendered = "Ticket " + id + ": " + t.title();

    activities.sendNotification(
        h.request(
            id,
            ActionSpecs.create(
                "notify", Map.of("channel", "slack", "url_env", "TQD_SLACK_URL", "text", text))));
    activities.sendNotification(
        h.request(
            id,
            ActionSpecs.create(
                "notify", Map.of("channel", "teams", "url_env", "TQD_TEAMS_URL", "text", text))));
    activities.sendNotification(
        h.request(
            id,
            ActionSpecs.create(
                "notify",
                Map.of(
                    "channel", "telegram",
                    "url_env", "TQD_TG_BASE",
                    "secret_env", "TQD_TG_TOKEN",
                    "chat_id", "-100200",
                    "text", text))));

    List<Receiver.Received> got = receiver.received();
    assertThat(got)
        .extracting(Receiver.Received::path)
        .containsExactly("/slack", "/teams", "/tg/bot" + BOT_TOKEN + "/sendMessage");
    assertThat(JSON.readTree(got.get(0).body()).get("text").asText()).isEqualTo(rendered);
    JsonNode teams = JSON.readTree(got.get(1).body());
    assertThat(teams.get("type").asText()).isEqualTo("message");
    JsonNode attachment = teams.get("attachments").get(0);
    assertThat(attachment.get("contentType").asText())
        .isEqualTo("application/vnd.microsoft.card.adaptive");
    assertThat(attachment.at("/content/body/0/text").asText()).isEqualTo(rendered);
    JsonNode telegram = JSON.readTree(got.get(2).body());
    assertThat(telegram.get("chat_id").asText()).isEqualTo("-100200");
    assertThat(telegram.get("text").asText()).isEqualTo(rendered);
    for (Receiver.Received r : got) {
      assertThat(r.header("Idempotency-Key")).startsWith(id + ":notify:");
      assertThat(r.header("X-Tqd-Signature")).isNull();
    }
  }

  @Test
  void aTelegramRefusalNamesNoToken() {
    int id = ticket(6);
    ActionSpec spec =
        ActionSpecs.create(
            "notify",
            Map.of(
                "channel", "telegram",
                "url_env", "TQD_TG_BASE",
                "secret_env", "TQD_TG_TOKEN",
                "chat_id", "1",
                "text", "z"));
    receiver.answer(401);

    ActivityFailure failure =
        catchThrowableOfType(
            ActivityFailure.class, () -> activities.sendNotification(h.request(id, spec)));

    assertThat(((ApplicationFailure) failure.getCause()).getOriginalMessage())
        .contains("telegram answered HTTP 401")
        .doesNotContain(BOT_TOKEN);
  }

  @Test
  void aMissingUrlVariableIsNamedAndNotRetried() {
    int id = ticket(7);
    ActionSpec spec =
        ActionSpecs.create(
            "notify", Map.of("channel", "webhook", "url_env", "TQD_NOT_SET", "text", "x"));

    ActivityFailure failure =
        catchThrowableOfType(
            ActivityFailure.class, () -> activities.sendNotification(h.request(id, spec)));

    ApplicationFailure app = (ApplicationFailure) failure.getCause();
    assertThat(app.isNonRetryable()).isTrue();
    assertThat(app.getOriginalMessage()).contains("TQD_NOT_SET").contains("TQD_NOT_SET_FILE");
    assertThat(receiver.received()).isEmpty();
  }

  @Test
  void aDryRunShowsChannelRecipientAndTextAndSendsNothing() {
    int id = ticket(8);
    Ticket t = h.ticket(id);
    ActionSpec spec =
        ActionSpecs.create(
            "notify",
            Map.of(
                "channel", "slack",
                "url_env", "TQD_SLACK_URL",
                "text", "Look at {{ticket.Title}}"));

    ActionResult planned = activities.sendNotification(h.dryRequest(id, spec));

    assertThat(planned.outcome()).isEqualTo(Outcome.PLANNED);
    assertThat(planned.plannedWrites())
        .containsExactly("notify slack → slack $TQD_SLACK_URL: \"Look at " + t.title() + "\"");
    assertThat(receiver.received()).isEmpty();
    assertThat(row(id, spec)).isNull();
  }
}
