package org.tqd.workflows.action;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Parameters of the {@code notify} action: sends one notification per ticket to a webhook, Slack,
 * Microsoft Teams, Telegram or e-mail. URLs, tokens and secrets are never parameters: {@code
 * url_env} and {@code secret_env} name the environment variables (or, with {@code _FILE} appended,
 * files) that hold them, so they stay out of the hashed configuration and the ledger.
 *
 * @param channel {@code channel}, required: {@code webhook}, {@code slack}, {@code teams}, {@code
 *     telegram} or {@code email}
 * @param urlEnv {@code url_env}: the variable holding the webhook or incoming-webhook URL (webhook,
 *     slack, teams: required); for telegram the bot API base URL (default {@code
 *     https://api.telegram.org})
 * @param secretEnv {@code secret_env}: webhook: the HMAC-SHA256 signing secret (optional);
 *     telegram: the bot token (required)
 * @param text {@code text}: the message (a template); required except for a webhook with a body
 * @param body {@code body}: webhook only, the JSON body (a template, values JSON-escaped)
 * @param subject {@code subject}: e-mail subject (a template)
 * @param to {@code to}: e-mail recipients (templates, such as {@code {{ticket.RequestorEmail}}})
 * @param chatId {@code chat_id}: telegram chat ID
 * @param timeoutSeconds {@code timeout_seconds}, default 10: per attempt
 * @param maxAttempts {@code max_attempts}, default 3: attempts within one activity attempt (4xx
 *     answers are not retried)
 */
public record NotifyConfig(
    String channel,
    String urlEnv,
    String secretEnv,
    String text,
    String body,
    String subject,
    List<String> to,
    String chatId,
    int timeoutSeconds,
    int maxAttempts) {

  /** The channels. */
  public static final List<String> CHANNELS =
      List.of("webhook", "slack", "teams", "telegram", "email");

  /** The default e-mail subject. */
  public static final String DEFAULT_SUBJECT = "Ticket {{ticket.ID}}: {{ticket.Title}}";

  /** The longest one activity attempt may spend sending (the TDX activities have 5 minutes). */
  public static final int MAX_SEND_SECONDS = 240;

  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  /** The {@code notify} action type (default version {@code v1}). */
  public static final ActionType TYPE =
      new ActionType(
              "notify",
              "v1",
              "sends a notification: webhook, Slack, Teams, Telegram or e-mail",
              List.of(
                  ParamDef.string("channel", null)
                      .asRequired()
                      .checkedBy(
                          v ->
                              CHANNELS.contains(v)
                                  ? null
                                  : "expected one of "
                                      + String.join(" | ", CHANNELS)
                                      + ", got "
                                      + Values.show(v))
                      .doc("webhook | slack | teams | telegram | email"),
                  ParamDef.string("url_env", null)
                      .checkedBy(NotifyConfig::envNameProblem)
                      .doc("environment variable (or NAME_FILE file) holding the URL"),
                  ParamDef.string("secret_env", null)
                      .checkedBy(NotifyConfig::envNameProblem)
                      .doc("environment variable holding the signing secret or bot token"),
                  ParamDef.string("text", null)
                      .checkedBy(ParamDef.notEmpty())
                      .doc("the message (a template)"),
                  ParamDef.string("body", null)
                      .checkedBy(ParamDef.notEmpty())
                      .doc("webhook: the JSON body (a template; values JSON-escaped)"),
                  ParamDef.string("subject", null)
                      .checkedBy(ParamDef.notEmpty())
                      .doc("e-mail subject (a template)"),
                  ParamDef.stringList("to", null)
                      .checkedBy(ParamDef.notEmpty())
                      .doc("e-mail recipients (templates)"),
                  ParamDef.string("chat_id", null)
                      .checkedBy(ParamDef.notEmpty())
                      .doc("telegram chat ID"),
                  ParamDef.integer("timeout_seconds", 10)
                      .atLeast(1)
                      .checkedBy(v -> (Integer) v > 120 ? "at most 120" : null)
                      .doc("timeout of one attempt, seconds"),
                  ParamDef.integer("max_attempts", 3)
                      .atLeast(1)
                      .checkedBy(v -> (Integer) v > 10 ? "at most 10" : null)
                      .doc("attempts per activity attempt; 4xx answers are not retried")),
              NotifyConfig::rule)
          .withTemplates("text", "body", "subject", "to");

  /**
   * The typed view of an action's parameters.
   *
   * @throws InvalidActionException when they are invalid
   */
  public static NotifyConfig from(Map<String, ?> params) {
    Map<String, Object> p = TYPE.resolve(params);
    return new NotifyConfig(
        (String) p.get("channel"),
        (String) p.get("url_env"),
        (String) p.get("secret_env"),
        (String) p.get("text"),
        (String) p.get("body"),
        (String) p.get("subject"),
        Params.strings(p, "to"),
        (String) p.get("chat_id"),
        (Integer) p.get("timeout_seconds"),
        (Integer) p.get("max_attempts"));
  }

  private static String envNameProblem(Object v) {
    String s = (String) v;
    if (ENV_NAME.matcher(s).matches()) {
      return null;
    }
    // The value may be the secret itself (a webhook URL carries its token): never repeated.
    return "expected the name of an environment variable (such as TQD_WEBHOOK_URL)"
        + (s.contains("://") || s.length() > 40
            ? ", got what looks like a URL or a secret: never put it in the pipeline file; set it"
                + " in the environment and name the variable here"
            : ", got " + Values.show(s));
  }

  private static List<ParamProblem> rule(Map<String, Object> p) {
    String channel = (String) p.get("channel");
    List<ParamProblem> out = new ArrayList<>();
    switch (channel) {
      case "webhook" -> {
        need(p, out, "url_env", "a webhook needs url_env: the variable holding its URL");
        if (p.get("text") == null && p.get("body") == null) {
          out.add(missing("text", "a webhook needs text: or body:"));
        }
      }
      case "slack", "teams" -> {
        need(p, out, "url_env", channel + " needs url_env: the variable holding its webhook URL");
        need(p, out, "text", channel + " needs text:");
      }
      case "telegram" -> {
        need(p, out, "secret_env", "telegram needs secret_env: the variable holding the bot token");
        need(p, out, "chat_id", "telegram needs chat_id:");
        need(p, out, "text", "telegram needs text:");
      }
      case "email" -> {
        need(p, out, "to", "email needs to: the recipients");
        need(p, out, "text", "email needs text:");
      }
      default -> {}
    }
    int timeout = (Integer) p.get("timeout_seconds");
    int attempts = (Integer) p.get("max_attempts");
    long worst = (long) timeout * attempts + (1L << (attempts - 1)) - 1;
    if (worst > MAX_SEND_SECONDS) {
      out.add(
          new ParamProblem(
              "max_attempts",
              -1,
              ParamProblem.Where.VALUE,
              "timeout_seconds × max_attempts plus the pauses between attempts ("
                  + worst
                  + " s) must stay within "
                  + MAX_SEND_SECONDS
                  + " s, inside the activity's 5-minute limit; lower one of them"));
    }
    onlyFor(p, out, "body", channel, "webhook");
    onlyFor(p, out, "chat_id", channel, "telegram");
    onlyFor(p, out, "to", channel, "email");
    onlyFor(p, out, "subject", channel, "email");
    onlyFor(p, out, "url_env", channel, "webhook", "slack", "teams", "telegram");
    onlyFor(p, out, "secret_env", channel, "webhook", "telegram");
    return out;
  }

  private static void need(Map<String, Object> p, List<ParamProblem> out, String key, String why) {
    if (p.get(key) == null) {
      out.add(missing(key, why));
    }
  }

  private static ParamProblem missing(String key, String why) {
    return new ParamProblem(key, -1, ParamProblem.Where.PARENT, why);
  }

  private static void onlyFor(
      Map<String, Object> p,
      List<ParamProblem> out,
      String key,
      String channel,
      String... allowed) {
    if (p.get(key) != null && !List.of(allowed).contains(channel)) {
      out.add(
          new ParamProblem(
              key,
              -1,
              ParamProblem.Where.KEY,
              key + " is for channel " + String.join(" or ", allowed) + ", not " + channel));
    }
  }
}
