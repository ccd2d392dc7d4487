package org.tqd.activities.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DatabaseUrlTest {

  @Test
  void readsThePythonDaemonsSqlAlchemyUrl() {
    DatabaseUrl url =
        DatabaseUrl.parse(
            "postgresql://lsats:p%40ss:w+rd@db.example.edu:5432/lsats_db"
                + "?sslmode=require&connect_timeout=3&application_name=daemon");

    assertThat(url.jdbcUrl())
        .isEqualTo(
            "jdbc:postgresql://db.example.edu:5432/lsats_db"
                + "?sslmode=require&connectTimeout=3&ApplicationName=daemon");
    assertThat(url.user()).contains("lsats");
    assertThat(url.password()).contains("p@ss:w+rd");
    assertThat(url.database()).isEqualTo("lsats_db");
    assertThat(url.redacted())
        .isEqualTo(
            "postgresql://lsats:***@db.example.edu:5432/lsats_db"
                + "?sslmode=require&connectTimeout=3&ApplicationName=daemon");
    assertThat(url.toString()).isEqualTo(url.redacted()).doesNotContain("p@ss", "p%40ss");
  }

  @Test
  void acceptsDriverSuffixesAndTheShortScheme() {
    DatabaseUrl psycopg = DatabaseUrl.parse("postgresql+psycopg2://u:pw@localhost/db");
    DatabaseUrl shortScheme = DatabaseUrl.parse("postgres://u@h:6543/db");

    assertThat(psycopg.jdbcUrl()).isEqualTo("jdbc:postgresql://localhost/db");
    assertThat(psycopg.redacted()).isEqualTo("postgresql+psycopg2://u:***@localhost/db");
    assertThat(shortScheme.jdbcUrl()).isEqualTo("jdbc:postgresql://h:6543/db");
    assertThat(shortScheme.hasPassword()).isFalse();
    assertThat(shortScheme.redacted()).isEqualTo("postgres://u@h:6543/db");
  }

  @Test
  void readsJdbcUrlsWithCredentialsInTheQuery() {
    DatabaseUrl url =
        DatabaseUrl.parse(
            "jdbc:postgresql://h1:5432,h2:5433/ledger?user=tqd&password=hunter2"
                + "&sslmode=verify-full&sslpassword=keypass");

    assertThat(url.hosts()).containsExactly("h1:5432", "h2:5433");
    assertThat(url.user()).contains("tqd");
    assertThat(url.password()).contains("hunter2");
    assertThat(url.secretParameters()).isEqualTo(Map.of("sslpassword", "keypass"));
    assertThat(url.jdbcUrl())
        .isEqualTo("jdbc:postgresql://h1:5432,h2:5433/ledger?sslmode=verify-full");
    assertThat(url.redacted())
        .isEqualTo(
            "jdbc:postgresql://h1:5432,h2:5433/ledger"
                + "?user=tqd&password=***&sslmode=verify-full&sslpassword=***");
  }

  @Test
  void readsIpv6HostsAndUrlsWithoutDatabase() {
    DatabaseUrl v6 = DatabaseUrl.parse("postgresql://u:pw@[::1]:5433/db");
    DatabaseUrl noDb = DatabaseUrl.parse("jdbc:postgresql://localhost");

    assertThat(v6.jdbcUrl()).isEqualTo("jdbc:postgresql://[::1]:5433/db");
    assertThat(noDb.jdbcUrl()).isEqualTo("jdbc:postgresql://localhost/");
    assertThat(noDb.user()).isEmpty();
  }

  @Test
  void rejectsWhatIsNotAPostgresUrlWithoutQuotingThePassword() {
    for (Object[] c :
        List.of(
            new Object[] {"mysql://u:hunter2@h/db", "scheme 'mysql', which is not PostgreSQL"},
            new Object[] {"localhost:5432/db", "is not a PostgreSQL URL"},
            new Object[] {"postgresql://u:hunter2@h:99999/db", "port '99999'"},
            new Object[] {"postgresql://u:hunter2@h:abc/db", "port 'abc'"},
            new Object[] {"postgresql:///db", "names no host"},
            new Object[] {"postgresql://u:%zzhunter2@h/db", "malformed %-escape in its password"},
            new Object[] {"jdbc:postgresql://h/db?password=hunter2&x=%zz", "parameter 'x'"},
            new Object[] {"postgresql://u:hunter2@[::1/db", "unclosed '['"},
            new Object[] {"  ", "DATABASE_URL is empty"})) {
      assertThatThrownBy(() -> DatabaseUrl.parse((String) c[0]))
          .as((String) c[0])
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining((String) c[1])
          .hasMessageNotContaining("hunter2");
    }
    assertThatThrownBy(() -> DatabaseUrl.parse(null)).hasMessageContaining("empty");
  }

  @Test
  void redactsRawUrlsForMessages() {
    assertThat(DatabaseUrl.redactRaw("mysql://u:hunter2@h/db")).isEqualTo("mysql://u:***@h/db");
    assertThat(DatabaseUrl.redactRaw("x://h/db?user=u&password=hunter2&a=b"))
        .isEqualTo("x://h/db?user=u&password=***&a=b");
  }

  /** Passwords as {@code openssl rand -base64} makes them, and worse. */
  private static final List<String> ODD_PASSWORDS =
      List.of("Qk9/xT+3vZ?a/Lm==", "r7?Xp/2q:Kd+w/==", "a/b?c", "/?/?", "x?sslmode=disable");

  @Test
  void readsPasswordsWithSlashesAndQuestionMarksAsTheDaemonsSqlAlchemyDid() {
    for (String secret : ODD_PASSWORDS) {
      DatabaseUrl url =
          DatabaseUrl.parse(
              "postgresql://tqd:" + secret + "@db.example.edu:5432/ledger?sslmode=require");

      assertThat(url.password()).as(secret).contains(secret);
      assertThat(url.user()).contains("tqd");
      assertThat(url.hosts()).containsExactly("db.example.edu:5432");
      assertThat(url.database()).isEqualTo("ledger");
      assertThat(url.jdbcUrl())
          .isEqualTo("jdbc:postgresql://db.example.edu:5432/ledger?sslmode=require");
      assertThat(url.redacted()).doesNotContain(secret);
      assertThat(url.toString()).doesNotContain(secret);
    }
  }

  @Test
  void parseErrorsNeverQuoteAPasswordWithSlashesOrQuestionMarks() {
    for (String secret : ODD_PASSWORDS) {
      for (String bad :
          List.of(
              "postgresql://tqd:" + secret + "@db:99999/ledger",
              "postgresql://tqd:" + secret + "@db:port/ledger",
              "postgresql://tqd:" + secret + "@/ledger",
              "postgresql://tqd:" + secret + "@db/led/ger",
              "postgresql://tqd:" + secret + "@[::1/ledger",
              "postgresql://tqd:" + secret + "@db/%zz",
              "postgresql://tqd:" + secret + "@db/ledger?x=%zz",
              "mysql://tqd:" + secret + "@db/ledger",
              "tqd:" + secret + "@db/ledger",
              // an unescaped '@' in the password
              "postgresql://tqd:" + secret + "@" + secret + "@db/ledger",
              "postgresql://tq/d:" + secret + "@db/ledger")) {
        assertThatThrownBy(() -> DatabaseUrl.parse(bad))
            .as(bad)
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageStartingWith("DATABASE_URL")
            .satisfies(e -> assertNoPartOf(secret, e));
      }
    }
  }

  @Test
  void anUpperCasePasswordParameterIsThePasswordAndNeverShown() {
    DatabaseUrl url =
        DatabaseUrl.parse(
            "jdbc:postgresql://db:5432/ledger?USER=tqd&PASSWORD=Zq/9?x+Y==&SSLPassword=keyPw9");

    assertThat(url.user()).contains("tqd");
    assertThat(url.password()).contains("Zq/9?x+Y==");
    assertThat(url.secretParameters()).isEqualTo(Map.of("sslpassword", "keyPw9"));
    assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db:5432/ledger");
    assertThat(url.parameters()).isEmpty();
    assertThat(url.redacted())
        .isEqualTo("jdbc:postgresql://db:5432/ledger?user=tqd&password=***&sslpassword=***")
        .doesNotContain("Zq/9", "keyPw9");
  }

  @Test
  void parseErrorsNeverQuotePasswordParametersInAnyCase() {
    for (String bad :
        List.of(
            "jdbc:postgresql://db:abc/ledger?PASSWORD=hunter2",
            "jdbc:postgresql://db/ledger?PASSWORD=%zzhunter2",
            "jdbc:postgresql://db/ledger?Password=hunter2&x=%zz",
            "jdbc:postgresql://db/ledger?sslPassword=%zzhunter2",
            "jdbc:mysql://db/ledger?PassWord=hunter2",
            "jdbc:postgresql:///ledger?user=u&PASSWORD=hunter2")) {
      assertThatThrownBy(() -> DatabaseUrl.parse(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .satisfies(e -> assertNoPartOf("hunter2", e));
    }
  }

  /** Neither the secret nor a piece of it (4 characters or more) is in the message or a cause. */
  private static void assertNoPartOf(String secret, Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String message = String.valueOf(t.getMessage());
      for (String piece : secret.split("[/?:]")) {
        if (piece.length() >= 4) {
          assertThat(message).as("message of %s", t.getClass()).doesNotContain(piece);
        }
      }
      assertThat(message).doesNotContain(secret);
    }
  }
}
