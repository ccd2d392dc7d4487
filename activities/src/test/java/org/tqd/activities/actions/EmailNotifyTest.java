package org.tqd.activities.actions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.subethamail.smtp.auth.EasyAuthenticationHandlerFactory;
import org.subethamail.smtp.auth.LoginFailedException;
import org.subethamail.smtp.server.SMTPServer;
import org.tqd.activities.ledger.ActionStatus;
import org.tqd.activities.ledger.PostgresExtension;
import org.tqd.activities.notify.Notifications;
import org.tqd.sandbox.RateLimits;
import org.tqd.sandbox.TdxSandbox;
import org.tqd.tdx.model.Ticket;
import org.tqd.workflows.action.ActionSpec;
import org.tqd.workflows.action.ActionSpecs;
import org.tqd.workflows.activities.ActionActivities;
import org.tqd.workflows.activities.ActionResult;
import org.tqd.workflows.activities.ActionResult.Outcome;

/**
 * {@code notify} by e-mail to a real SMTP server in the test JVM (SubEtha SMTP) that requires
 * STARTTLS and a login, with a self-signed certificate made for the test (keytool) that the client
 * is given to trust: the message arrives with the rendered recipient, subject and text and the
 * Message-ID derived from ticket and action; a wrong password is final and never in a message.
 */
class EmailNotifyTest {

  @RegisterExtension static final PostgresExtension PG = new PostgresExtension();

  @TempDir static Path dir;

  static final String PASSWORD = "smtp-pass-word";
  static TdxSandbox sandbox;
  static Harness h;
  static SMTPServer smtp;
  static SSLContext clientTls;
  static int port;
  static final List<byte[]> messages = new CopyOnWriteArrayList<>();
  static final List<String> envelopeTo = new CopyOnWriteArrayList<>();
  TestActivityEnvironment env;

  @BeforeAll
  static void start() throws Exception {
    sandbox = TdxSandbox.builder().tickets(10).seed(3).rateLimits(RateLimits.off()).build().start();
    h = new Harness(PG, sandbox);
    Path keystore = dir.resolve("smtp.p12");
    Process keytool =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair",
                "-alias",
                "smtp",
                "-keyalg",
                "RSA",
                "-keysize",
                "2048",
                "-dname",
                "CN=localhost",
                "-ext",
                "SAN=dns:localhost,ip:127.0.0.1",
                "-validity",
                "2",
                "-storetype",
                "PKCS12",
                "-keystore",
                keystore.toString(),
                "-storepass",
                "changeit",
                "-keypass",
                "changeit")
            .redirectErrorStream(true)
            .start();
    keytool.getInputStream().readAllBytes();
    assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(keytool.exitValue()).isZero();

    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keystore)) {
      ks.load(in, "changeit".toCharArray());
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, "changeit".toCharArray());
    SSLContext serverTls = SSLContext.getInstance("TLS");
    serverTls.init(kmf.getKeyManagers(), null, null);

    Certificate cert = ks.getCertificate("smtp");
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("smtp", cert);
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    clientTls = SSLContext.getInstance("TLS");
    clientTls.init(null, tmf.getTrustManagers(), null);

    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    smtp =
        SMTPServer.port(port)
            .bindAddress(InetAddress.getLoopbackAddress())
            .hostName("localhost")
            .enableTLS()
            .requireTLS()
            .startTlsSocketFactory(serverTls)
            .requireAuth()
            .authenticationHandlerFactory(
                new EasyAuthenticationHandlerFactory(
                    (user, password, context) -> {
                      if (!user.equals("tqd") || !password.equals(PASSWORD)) {
                        throw new LoginFailedException();
                      }
                    }))
            .messageHandler(
                (context, from, to, data) -> {
                  envelopeTo.add(to);
                  messages.add(data);
                })
            .build();
    smtp.start();
  }

  @AfterAll
  static void stop() {
    smtp.stop();
    sandbox.close();
  }

  @AfterEach
  void cleanUp() {
    if (env != null) {
      env.close();
    }
    messages.clear();
    envelopeTo.clear();
  }

  private ActionActivities activities(String password) {
    Map<String, String> vars = new HashMap<>();
    vars.put("TQD_SMTP_HOST", "localhost");
    vars.put("TQD_SMTP_PORT", String.valueOf(port));
    vars.put("TQD_SMTP_USERNAME", "tqd");
    vars.put("TQD_SMTP_PASSWORD", password);
    vars.put("TQD_SMTP_FROM", "tqd@example.edu");
    vars.put("TQD_SMTP_SECURITY", "starttls");
    ActionActivitiesImpl impl =
        new ActionActivitiesImpl(
            h.client,
            h.ledger,
            h.journal,
            h.index,
            null,
            ActionSettings.forTdx(sandbox.baseUrl(), sandbox.ticketAppId()),
            Clock.systemUTC(),
            3,
            Notifications.of(vars, clientTls.getSocketFactory(), Duration.ofMillis(10)));
    env = TestActivityEnvironment.newInstance();
    env.registerActivitiesImplementations(impl);
    return env.newActivityStub(
        ActionActivities.class,
        ActivityOptions.newBuilder()
            .setStartToCloseTimeout(Duration.ofSeconds(60))
            .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
            .build());
  }

  private static ActionSpec email() {
    return ActionSpecs.create(
        "notify",
        Map.of(
            "channel", "email",
            "to", List.of("{{ticket.RequestorEmail}}"),
            "subject", "About {{ticket.Title}}",
            "text", "Hello {{ticket.RequestorName}}, ticket {{ticket.ID}} is being handled.",
            "max_attempts", 1));
  }

  @Test
  void anEmailIsSentOverStartTlsWithAMessageIdFromTicketAndAction() throws Exception {
    int id = sandbox.reportTickets().get(0);
    Ticket t = h.ticket(id);
    ActionSpec spec = email();

    ActionResult result = activities(PASSWORD).sendNotification(h.request(id, spec));

    assertThat(result.outcome()).isEqualTo(Outcome.COMPLETED);
    assertThat(messages).hasSize(1);
    assertThat(envelopeTo).containsExactly(t.requestorEmail());
    MimeMessage m =
        new MimeMessage(
            Session.getInstance(new Properties()), new ByteArrayInputStream(messages.get(0)));
    assertThat(m.getSubject()).isEqualTo("About " + t.title());
    assertThat(m.getMessageID())
        .isEqualTo("<ticket-" + id + "." + spec.actionId().replace(':', '-') + "@tqd>");
    assertThat(m.getHeader("X-Tqd-Idempotency-Key")[0]).isEqualTo(id + ":" + spec.actionId());
    assertThat(m.getContent().toString().strip())
        .isEqualTo("Hello " + t.requestorName() + ", ticket " + id + " is being handled.");
    assertThat(h.ledger.loadStates(id, List.of(spec.actionId())).get(spec.actionId()).status())
        .isEqualTo(ActionStatus.COMPLETED);
  }

  @Test
  void aRefusedLoginIsFinalAndDoesNotShowThePassword() {
    int id = sandbox.reportTickets().get(1);
    String wrong = "wrong-secret-password";

    ActivityFailure failure =
        catchThrowableOfType(
            ActivityFailure.class,
            () -> activities(wrong).sendNotification(h.request(id, email())));

    ApplicationFailure app = (ApplicationFailure) failure.getCause();
    assertThat(app.isNonRetryable()).isTrue();
    assertThat(app.getOriginalMessage()).contains("TQD_SMTP_USERNAME").doesNotContain(wrong);
    assertThat(messages).isEmpty();
  }
}
