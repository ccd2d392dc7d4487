package org.tqd.activities.notify;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import javax.net.ssl.SSLSocketFactory;

/**
 * What the {@code notify} action sends through: the secrets (URLs, tokens, SMTP settings from the
 * environment or secret files), the HTTP channels and the SMTP mailer.
 *
 * @param secrets where URLs, tokens and SMTP settings come from
 * @param http webhook, Slack, Teams and Telegram
 * @param mail e-mail
 */
public record Notifications(Secrets secrets, HttpNotifier http, MailNotifier mail) {

  /** The Telegram bot API used when {@code url_env} is not given. */
  public static final String TELEGRAM_API = "https://api.telegram.org";

  public Notifications {
    Objects.requireNonNull(secrets, "secrets");
    Objects.requireNonNull(http, "http");
    Objects.requireNonNull(mail, "mail");
  }

  /** Notifications configured from the process environment. */
  public static Notifications fromEnvironment() {
    return of(System.getenv(), null, Duration.ofSeconds(1));
  }

  /**
   * Notifications from this environment.
   *
   * @param env variables (and {@code _FILE} variables) to read
   * @param smtpTls TLS socket factory for SMTP, or null for the JVM's default trust
   * @param backoff first pause between HTTP attempts
   */
  public static Notifications of(
      Map<String, String> env, SSLSocketFactory smtpTls, Duration backoff) {
    Secrets s = new Secrets(env);
    return new Notifications(s, new HttpNotifier(backoff), new MailNotifier(s, smtpTls));
  }
}
