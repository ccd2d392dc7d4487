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
            new Object[] {"jdbc:postgresql://h/db?password=hunter2&x=%zz", "parameter x"},
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
}
