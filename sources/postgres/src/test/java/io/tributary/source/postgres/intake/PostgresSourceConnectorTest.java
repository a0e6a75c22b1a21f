package io.tributary.source.postgres.intake;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.common.plan.PostgresUrl;
import java.sql.SQLException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PostgresSourceConnectorTest {
  private static final PostgresUrl URL =
      PostgresUrl.parse("postgresql://letta:s3cr3t@db.example.com:5433/letta");

  @Test
  @DisplayName("Failed logins say what to check and never show the password")
  void describesWithoutPassword() {
    String message =
        PostgresSourceConnector.describe(
            URL, new SQLException("FATAL: password s3cr3t authentication failed", "28P01"));
    assertThat(message)
        .isEqualTo(
            "cannot connect to PostgreSQL source letta@db.example.com:5433/letta: FATAL: password"
                + " *** authentication failed; check the user and password in the url");
  }

  @Test
  @DisplayName("A missing database and an unreachable server get their own hints")
  void hintsPerState() {
    assertThat(PostgresSourceConnector.describe(URL, new SQLException("no db", "3D000")))
        .endsWith("; check the database name in the url");
    assertThat(PostgresSourceConnector.describe(URL, new SQLException("refused", "08001")))
        .contains("check host and port");
    assertThat(PostgresSourceConnector.describe(URL, new SQLException("odd", (String) null)))
        .endsWith("; check the url and that the server is running");
  }
}
