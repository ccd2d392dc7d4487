package org.tqd.activities.notify;

import jakarta.mail.Address;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import javax.net.ssl.SSLSocketFactory;

/**
 * Sends e-mail over SMTP with Angus Mail (Jakarta Mail). Settings from {@link Secrets}: {@code
 * TQD_SMTP_HOST} (required), {@code TQD_SMTP_PORT} (default 587 for {@code starttls}, 465 for
 * {@code ssl}, 25 for {@code none}), {@code TQD_SMTP_USERNAME}, {@code TQD_SMTP_PASSWORD} (or
 * {@code TQD_SMTP_PASSWORD_FILE}), {@code TQD_SMTP_FROM} (required), {@code
 * TQD_SMTP_SECURITY=starttls|ssl|none} (default {@code starttls}, which is required, never
 * optional). The {@code Message-ID} is derived from ticket and action, so a message sent twice
 * across a crash is recognisable as one by mail clients.
 */
public final class MailNotifier {

  private final Secrets secrets;
  private final SSLSocketFactory socketFactory;

  /**
   * @param secrets where the settings come from
   * @param socketFactory the TLS socket factory, or null for the JVM's default trust (tests pass
   *     one that trusts their own certificate)
   */
  public MailNotifier(Secrets secrets, SSLSocketFactory socketFactory) {
    this.secrets = secrets;
    this.socketFactory = socketFactory;
  }

  /**
   * Sends one message.
   *
   * @param to the recipients
   * @param subject the subject
   * @param text the plain-text body
   * @param messageId the Message-ID, with angle brackets
   * @param idempotencyKey also sent as {@code X-Tqd-Idempotency-Key}
   * @param timeout connect, read and write timeout
   * @param maxAttempts attempts at most (authentication and address errors are final)
   * @return the attempts made
   */
  public int send(
      List<String> to,
      String subject,
      String text,
      String messageId,
      String idempotencyKey,
      Duration timeout,
      int maxAttempts) {
    String host = secrets.require("TQD_SMTP_HOST", "email notifications need an SMTP server");
    String from = secrets.require("TQD_SMTP_FROM", "email notifications need a sender address");
    String security = secrets.find("TQD_SMTP_SECURITY");
    security = security == null ? "starttls" : security.toLowerCase(Locale.ROOT);
    if (!List.of("starttls", "ssl", "none").contains(security)) {
      throw new NotificationException(
          "TQD_SMTP_SECURITY must be starttls, ssl or none, got \"" + security + "\"", false);
    }
    String portText = secrets.find("TQD_SMTP_PORT");
    int port;
    try {
      port =
          portText == null
              ? switch (security) {
                case "ssl" -> 465;
                case "none" -> 25;
                default -> 587;
              }
              : Integer.parseInt(portText);
    } catch (NumberFormatException e) {
      throw new NotificationException("TQD_SMTP_PORT must be a port number", false);
    }
    String user = secrets.find("TQD_SMTP_USERNAME");
    String password = secrets.find("TQD_SMTP_PASSWORD");

    Properties p = new Properties();
    String proto = security.equals("ssl") ? "smtps" : "smtp";
    String k = "mail." + proto + ".";
    p.put("mail.transport.protocol", proto);
    p.put(k + "host", host);
    p.put(k + "port", String.valueOf(port));
    p.put(k + "connectiontimeout", String.valueOf(timeout.toMillis()));
    p.put(k + "timeout", String.valueOf(timeout.toMillis()));
    p.put(k + "writetimeout", String.valueOf(timeout.toMillis()));
    p.put(k + "auth", String.valueOf(user != null));
    if (security.equals("starttls")) {
      p.put(k + "starttls.enable", "true");
      p.put(k + "starttls.required", "true");
    }
    if (!security.equals("none")) {
      p.put(k + "ssl.checkserveridentity", "true");
      if (socketFactory != null) {
        p.put(k + "ssl.socketFactory", socketFactory);
      }
    }
    Session session = Session.getInstance(p);

    MimeMessage message;
    try {
      List<Address> recipients = new ArrayList<>();
      for (String r : to) {
        if (r != null && !r.isBlank()) {
          recipients.add(new InternetAddress(r.strip(), true));
        }
      }
      if (recipients.isEmpty()) {
        throw new NotificationException("email: no recipient (to: rendered empty)", false);
      }
      message =
          new MimeMessage(session) {
            @Override
            protected void updateMessageID() throws MessagingException {
              setHeader("Message-ID", messageId);
            }
          };
      message.setFrom(new InternetAddress(from, true));
      message.setRecipients(Message.RecipientType.TO, recipients.toArray(Address[]::new));
      message.setSubject(subject, StandardCharsets.UTF_8.name());
      message.setText(text, StandardCharsets.UTF_8.name());
      message.setHeader("X-Tqd-Idempotency-Key", idempotencyKey);
      message.saveChanges();
    } catch (AddressException e) {
      throw new NotificationException("email: invalid address: " + e.getMessage(), false);
    } catch (MessagingException e) {
      throw new NotificationException("email: cannot build the message: " + e.getMessage(), false);
    }

    String last = null;
    for (int attempt = 1; attempt <= maxAttempts; attempt++) {
      try {
        Transport transport = session.getTransport(proto);
        try {
          transport.connect(host, port, user, password);
          transport.sendMessage(message, message.getAllRecipients());
        } finally {
          transport.close();
        }
        return attempt;
      } catch (AuthenticationFailedException e) {
        throw new NotificationException(
            "email: the SMTP server refused the login of TQD_SMTP_USERNAME; check it and"
                + " TQD_SMTP_PASSWORD",
            false);
      } catch (SendFailedException e) {
        throw new NotificationException("email: recipients refused: " + e.getMessage(), false);
      } catch (MessagingException e) {
        last = "email via " + host + ":" + port + ": " + e.getMessage();
        if (attempt < maxAttempts) {
          try {
            Thread.sleep(1000L << (attempt - 1));
          } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            throw new NotificationException("email: interrupted", true);
          }
        }
      }
    }
    throw new NotificationException(last + " after " + maxAttempts + " attempt(s)", true);
  }
}
