package org.tqd.activities.actions;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tqd.activities.notify.NotificationException;
import org.tqd.activities.notify.Notifications;
import org.tqd.workflows.action.InvalidActionException;
import org.tqd.workflows.action.NotifyConfig;
import org.tqd.workflows.action.ParamProblem;
import org.tqd.workflows.activities.ActionRequest;
import org.tqd.workflows.activities.ActionResult;
import org.tqd.workflows.activities.ActionResult.Outcome;
import org.tqd.workflows.rules.Templates;

/**
 * {@code notify}: sends one notification per ticket. The texts are rendered when the action plans
 * (JSON-escaped into a webhook body; Slack, Teams and Telegram bodies are built by Jackson) and the
 * plan is stored in the claimed ledger row before sending: that row, {@code in_progress} with a
 * plan, marks the send window. A notification cannot be checked in TDX, so an attempt that finds
 * the row in its send window (the earlier attempt may or may not have delivered) sends again with
 * the same idempotency key {@code {ticketId}:{actionId}} and records {@code possibly_duplicate:
 * true}. The guarantee: a notification is sent once; across a crash in the send window it may be
 * sent again with the same idempotency key, and the ledger row then says {@code possibly_duplicate:
 * true}.
 */
final class NotifyAction implements PlannedAction<NotifyAction.Plan> {

  /** The failure type of a notification the receiver refused (not retried). */
  static final String REJECTED = "NotificationRejected";

  /** The failure type of a notification that could not be delivered this attempt (retried). */
  static final String FAILED = "NotificationFailed";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Notifications notifications;

  NotifyAction(Notifications notifications) {
    this.notifications = notifications;
  }

  /**
   * The rendered notification. Holds no URL, token or password: only the names of the variables
   * that hold them.
   *
   * @param channel the channel
   * @param recipient who receives it, for people: the variable naming the URL, the chat, or the
   *     addresses
   * @param text the rendered text (null for a webhook with a body only)
   * @param body the JSON body to POST (HTTP channels), null for e-mail
   * @param subject the e-mail subject, else null
   * @param to the e-mail recipients, else empty
   * @param idempotencyKey {@code {ticketId}:{actionId}}
   * @param messageId the e-mail Message-ID derived from ticket and action
   */
  record Plan(
      String channel,
      String recipient,
      String text,
      String body,
      String subject,
      List<String> to,
      String idempotencyKey,
      String messageId) {}

  @Override
  public Class<Plan> planType() {
    return Plan.class;
  }

  @Override
  public Plan plan(ActionRequest request) {
    NotifyConfig c = NotifyConfig.from(request.action().params());
    int id = request.ticketId();
    String actionId = request.action().actionId();
    String key = id + ":" + actionId;
    // Slack reads & < > as markup in a message: values from tickets are escaped there.
    Templates.Escape textEscape =
        c.channel().equals("slack") ? Templates.Escape.SLACK : Templates.Escape.NONE;
    String text = c.text() == null ? null : TemplateContext.render(c.text(), request, textEscape);
    String body = null;
    String subject = null;
    List<String> to = List.of();
    String recipient;
    switch (c.channel()) {
      case "webhook" -> {
        recipient = "webhook $" + c.urlEnv();
        if (c.body() != null) {
          body = TemplateContext.render(c.body(), request, Templates.Escape.JSON);
          try {
            JSON.readTree(body);
          } catch (JsonProcessingException e) {
            throw new InvalidActionException(
                "notify",
                List.of(
                    new ParamProblem(
                        "body",
                        -1,
                        ParamProblem.Where.VALUE,
                        "the rendered body of ticket "
                            + id
                            + " is not JSON ("
                            + e.getOriginalMessage()
                            + "); put string variables in quotes: \"{{ticket.Title}}\"")));
          }
        } else {
          Map<String, Object> m = new LinkedHashMap<>();
          m.put("ticket_id", id);
          m.put("action_id", actionId);
          m.put("text", text);
          body = json(m);
        }
      }
      case "slack" -> {
        recipient = "slack $" + c.urlEnv();
        body = json(Map.of("text", text));
      }
      case "teams" -> {
        recipient = "teams $" + c.urlEnv();
        body = json(teamsMessage(text));
      }
      case "telegram" -> {
        recipient = "telegram chat " + c.chatId();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("chat_id", c.chatId());
        m.put("text", text);
        body = json(m);
      }
      case "email" -> {
        List<String> rendered = new ArrayList<>();
        for (String t : c.to()) {
          String r = TemplateContext.render(t, request, Templates.Escape.NONE);
          if (r != null && !r.isBlank()) {
            rendered.add(r.strip());
          }
        }
        to = rendered;
        subject =
            TemplateContext.render(
                c.subject() == null ? NotifyConfig.DEFAULT_SUBJECT : c.subject(),
                request,
                Templates.Escape.NONE);
        recipient = String.join(", ", to);
      }
      default -> throw new IllegalStateException("unknown channel " + c.channel());
    }
    return new Plan(c.channel(), recipient, text, body, subject, to, key, messageId(request));
  }

  /** {@code <ticket-123.notify-0123456789ab-v1@tqd>}: the same for every send of one action. */
  static String messageId(ActionRequest request) {
    String actionId = request.action().actionId().replace(':', '-');
    return "<ticket-" + request.ticketId() + "." + actionId + "@tqd>";
  }

  /** A Teams incoming-webhook message: one Adaptive Card with the text. */
  static Map<String, Object> teamsMessage(String text) {
    Map<String, Object> block = new LinkedHashMap<>();
    block.put("type", "TextBlock");
    block.put("text", text);
    block.put("wrap", true);
    Map<String, Object> card = new LinkedHashMap<>();
    card.put("$schema", "http://adaptivecards.io/schemas/adaptive-card.json");
    card.put("type", "AdaptiveCard");
    card.put("version", "1.4");
    card.put("body", List.of(block));
    Map<String, Object> attachment = new LinkedHashMap<>();
    attachment.put("contentType", "application/vnd.microsoft.card.adaptive");
    attachment.put("content", card);
    Map<String, Object> message = new LinkedHashMap<>();
    message.put("type", "message");
    message.put("summary", text);
    message.put("attachments", List.of(attachment));
    return message;
  }

  @Override
  public boolean hasWrites(Plan plan) {
    return true;
  }

  @Override
  public ActionResult dryRun(ActionRequest request, Plan plan) {
    return result(
        request,
        Outcome.PLANNED,
        "[DRY RUN] Ticket " + request.ticketId() + " would be notified via " + plan.channel(),
        plan,
        List.of(describe(plan)),
        false,
        0);
  }

  /** The preview line of a notification: channel, recipient and text. */
  static String describe(Plan plan) {
    StringBuilder b = new StringBuilder("notify ").append(plan.channel());
    b.append(" → ").append(plan.recipient());
    if (plan.subject() != null) {
      b.append(" subject \"").append(plan.subject()).append('"');
    }
    if (plan.text() != null) {
      b.append(": \"").append(plan.text()).append('"');
    }
    if (plan.channel().equals("webhook")) {
      b.append(" body ").append(plan.body());
    }
    return b.toString();
  }

  @Override
  public ActionResult apply(ActionRequest request, Plan plan, boolean reclaimed) {
    NotifyConfig c = NotifyConfig.from(request.action().params());
    Duration timeout = Duration.ofSeconds(c.timeoutSeconds());
    int attempts;
    try {
      attempts =
          switch (plan.channel()) {
            case "webhook", "slack", "teams" -> {
              String url = notifications.secrets().require(c.urlEnv(), plan.channel() + " URL");
              String secret =
                  c.secretEnv() == null
                      ? null
                      : notifications.secrets().require(c.secretEnv(), "webhook signing secret");
              yield notifications
                  .http()
                  .post(
                      plan.channel(),
                      url,
                      plan.body(),
                      plan.idempotencyKey(),
                      secret,
                      timeout,
                      c.maxAttempts())
                  .attempts();
            }
            case "telegram" -> {
              String token = notifications.secrets().require(c.secretEnv(), "telegram bot token");
              String base =
                  c.urlEnv() == null
                      ? Notifications.TELEGRAM_API
                      : notifications.secrets().require(c.urlEnv(), "telegram bot API base URL");
              String url = base.replaceAll("/+$", "") + "/bot" + token + "/sendMessage";
              yield notifications
                  .http()
                  .post(
                      "telegram",
                      url,
                      plan.body(),
                      plan.idempotencyKey(),
                      null,
                      timeout,
                      c.maxAttempts())
                  .attempts();
            }
            case "email" ->
                notifications
                    .mail()
                    .send(
                        plan.to(),
                        plan.subject(),
                        plan.text(),
                        plan.messageId(),
                        plan.idempotencyKey(),
                        timeout,
                        c.maxAttempts());
            default -> throw new IllegalStateException("unknown channel " + plan.channel());
          };
    } catch (NotificationException e) {
      String message =
          "Ticket "
              + request.ticketId()
              + " action "
              + request.action().actionId()
              + ": "
              + e.getMessage();
      throw e.retryable()
          ? ApplicationFailure.newFailure(message, FAILED)
          : ApplicationFailure.newNonRetryableFailure(message, REJECTED);
    }
    return result(
        request,
        Outcome.COMPLETED,
        "Ticket "
            + request.ticketId()
            + " notified via "
            + plan.channel()
            + (reclaimed ? " (possibly a duplicate: an earlier attempt may have sent it)" : ""),
        plan,
        List.of(),
        reclaimed,
        attempts);
  }

  private static ActionResult result(
      ActionRequest request,
      Outcome outcome,
      String message,
      Plan plan,
      List<String> writes,
      boolean possiblyDuplicate,
      int attempts) {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("channel", plan.channel());
    details.put("recipient", plan.recipient());
    // Not "idempotency_key": the ledger drops keys that name a key or secret.
    details.put("idempotency", plan.idempotencyKey());
    if (plan.text() != null) {
      details.put("text", plan.text());
    }
    if (plan.subject() != null) {
      details.put("subject", plan.subject());
    }
    if (attempts > 0) {
      details.put("attempts", attempts);
    }
    if (possiblyDuplicate) {
      details.put("possibly_duplicate", true);
    }
    return new ActionResult(
        request.action().actionId(),
        request.action().type(),
        outcome,
        message,
        null,
        List.of(),
        writes,
        details);
  }

  private static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
