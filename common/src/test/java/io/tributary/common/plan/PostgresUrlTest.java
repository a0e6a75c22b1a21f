package io.tributary.common.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PostgresUrlTest {
  @Test
  void readsEveryPartOfALibpqUrl() {
    PostgresUrl url =
        PostgresUrl.parse(
            "postgresql://le%40tta:p%3Ass+w@db.example.com:5433/my%20db?sslmode=require");
    assertThat(url)
        .isEqualTo(
            new PostgresUrl(
                "db.example.com", 5433, "my db", "le@tta", "p:ss+w", Map.of("sslmode", "require")));
    assertThat(url.jdbcUrl())
        .isEqualTo("jdbc:postgresql://db.example.com:5433/my%20db?sslmode=require");
    assertThat(url.credentials())
        .containsEntry("user", "le@tta")
        .containsEntry("password", "p:ss+w");
    assertThat(url.toString()).isEqualTo("le@tta@db.example.com:5433/my db").doesNotContain("p:ss");
  }

  @Test
  void defaultsPortAndDatabaseLikeLibpq() {
    PostgresUrl url = PostgresUrl.parse("jdbc:postgres://letta@localhost");
    assertThat(url.port()).isEqualTo(5432);
    assertThat(url.database()).isEqualTo("letta");
    assertThat(url.password()).isNull();
  }

  @Test
  void readsCredentialsFromParameters() {
    PostgresUrl url = PostgresUrl.parse("postgresql://localhost/app?user=u&password=s3cret");
    assertThat(url.user()).isEqualTo("u");
    assertThat(url.password()).isEqualTo("s3cret");
    assertThat(url.parameters()).isEmpty();
  }

  @Test
  void refusesOtherUrlsWithoutShowingThePassword() {
    assertThatThrownBy(() -> PostgresUrl.parse("mysql://root:hunter2@localhost/app"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a PostgreSQL URL")
        .hasMessageNotContaining("hunter2");
    assertThatThrownBy(() -> PostgresUrl.parse("postgresql:///"))
        .hasMessageContaining("names no host");
    assertThatThrownBy(() -> PostgresUrl.parse(" ")).hasMessageContaining("empty");
  }

  @Test
  void redactsPasswordsWithSlashesAtSignsAndInParameters() {
    assertThat(PostgresUrl.redact("postgresql://app:pa/ss@w0rd@db.example:5432/app"))
        .isEqualTo("postgresql://app:***@db.example:5432/app");
    assertThat(PostgresUrl.redact("postgresql://db/app?sslmode=require&password=hunter2&x=1"))
        .isEqualTo("postgresql://db/app?sslmode=require&password=***&x=1");
    assertThatThrownBy(() -> PostgresUrl.parse("mysql://db/app?password=hunter2"))
        .hasMessageNotContaining("hunter2");
    assertThatThrownBy(() -> PostgresUrl.parse("postgres://u:p/w@rd@[bad/app"))
        .hasMessageNotContaining("p/w@rd");
  }

  @Test
  void refusesDriverParametersThatLoadClasses() {
    assertThatThrownBy(
            () ->
                PostgresUrl.parse(
                    "postgresql://u:s3cret@db/app?socketFactory=org.example.Evil&sslmode=require"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sets the driver parameter 'socketFactory'")
        .hasMessageNotContaining("s3cret");
    assertThatThrownBy(() -> PostgresUrl.parse("postgresql://db/app?SSLFACTORY=x"))
        .hasMessageContaining("'SSLFACTORY'");
  }

  /** Security review M1: answers and records quoting URLs show no password. */
  @Test
  void redactAllTakesEveryPasswordOutOfAText() {
    String text =
        "[{\"how\":\"pgbouncer-pause\",\"where\":\"postgresql://pgb:s3cr%40t@10.0.0.1:6432/pgbouncer\"}]"
            + " jdbc:postgresql://u:p@ss@h/d?sslmode=require&password=qq"
            + " host=h port=5432 dbname=d user=u password='it''s secret'"
            + " postgres://nopass@h/d";
    String out = PostgresUrl.redactAll(text);
    assertThat(out)
        .doesNotContain("s3cr")
        .doesNotContain("p@ss")
        .doesNotContain("qq")
        .doesNotContain("secret")
        .contains("postgresql://pgb:***@10.0.0.1:6432/pgbouncer")
        .contains("jdbc:postgresql://u:***@h/d?sslmode=require&password=***")
        .contains("password=***")
        .contains("postgres://nopass@h/d");
    assertThat(PostgresUrl.redactAll(null)).isNull();
  }
}
