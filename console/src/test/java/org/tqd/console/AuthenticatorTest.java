package org.tqd.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.tqd.console.auth.AuthException;
import org.tqd.console.auth.Authenticator;
import org.tqd.console.auth.Role;
import org.tqd.console.auth.TokenStore;

class AuthenticatorTest {

  @RegisterExtension static final PostgresExtension PG = new PostgresExtension();

  static Jdbi jdbi;
  static TokenStore tokens;

  @BeforeAll
  static void database() {
    jdbi = PG.connect().jdbi();
    tokens = new TokenStore(jdbi);
  }

  @Test
  void tokensAreStoredAsHashesAndListedWithoutTheSecret() {
    TokenStore.NewToken created = tokens.create("listed", Role.ADMIN, "root");
    assertThat(created.token()).startsWith("tqd_").hasSize(4 + 43);
    assertThat(tokens.list())
        .anySatisfy(
            t -> {
              assertThat(t.name()).isEqualTo("listed");
              assertThat(t.role()).isEqualTo(Role.ADMIN);
              assertThat(t.toString()).doesNotContain(created.token());
            });
    String row =
        jdbi.withHandle(
            h ->
                h.createQuery("SELECT t::text FROM meta.tqd_console_token t WHERE name = 'listed'")
                    .mapTo(String.class)
                    .one());
    assertThat(row).doesNotContain(created.token()).doesNotContain(created.token().substring(4));
    assertThatThrownBy(() -> tokens.create("listed", Role.VIEWER, "root"))
        .hasMessageContaining("a live token is named listed");
  }

  @Test
  void revokedTokensNoLongerAuthenticate() {
    String token = tokens.create("short-lived", Role.OPERATOR, null).token();
    Authenticator auth = new Authenticator(tokens, null, Clock.systemUTC());
    assertThat(auth.authorize("Bearer " + token, "10.0.0.1", "actions:run").name())
        .isEqualTo("short-lived");
    assertThat(tokens.revoke("short-lived")).isPresent();
    assertThatThrownBy(() -> auth.authenticate("Bearer " + token, "10.0.0.1"))
        .isInstanceOf(AuthException.class)
        .extracting(e -> ((AuthException) e).status())
        .isEqualTo(401);
  }

  @Test
  void anAddressIsLimitedAfterManyFailures() {
    MutableClock clock = new MutableClock();
    Authenticator auth = new Authenticator(tokens, null, clock);
    String good = tokens.create("limited", Role.VIEWER, null).token();
    for (int i = 0; i < Authenticator.MAX_FAILURES; i++) {
      assertThatThrownBy(() -> auth.authenticate("Bearer tqd_wrong", "10.9.9.9"))
          .extracting(e -> ((AuthException) e).status())
          .isEqualTo(401);
    }
    assertThatThrownBy(() -> auth.authenticate("Bearer " + good, "10.9.9.9"))
        .extracting(e -> ((AuthException) e).code())
        .isEqualTo("RATE_LIMITED");
    // other addresses are not affected, and the limit ends with the minute
    assertThat(auth.authenticate("Bearer " + good, "10.1.1.1").name()).isEqualTo("limited");
    clock.now = clock.now.plus(Duration.ofSeconds(61));
    assertThat(auth.authenticate("Bearer " + good, "10.9.9.9").name()).isEqualTo("limited");
  }

  static final class MutableClock extends Clock {
    Instant now = Instant.parse("2026-01-01T00:00:00Z");

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
