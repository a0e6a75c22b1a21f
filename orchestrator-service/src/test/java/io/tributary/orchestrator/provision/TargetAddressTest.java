package io.tributary.orchestrator.provision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TargetAddressTest {

  @Test
  @DisplayName(
      "A full URL gives its host, port and database; credentials and parameters are ignored")
  void fullUrl() {
    assertThat(
            TargetAddress.parse(
                "postgresql://postgres:s3cret@DB.example.com:5433/unified?sslmode=require"))
        .isEqualTo(new TargetAddress("db.example.com", 5433, "unified"));
  }

  @Test
  @DisplayName("Without a port the URL means 5432; without a database, the user's database")
  void defaults() {
    assertThat(TargetAddress.parse("postgres://letta@localhost"))
        .isEqualTo(new TargetAddress("localhost", 5432, "letta"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "jdbc:postgresql://127.0.0.1:15433/unified",
        "vertx-reactive:postgresql://127.0.0.1:15433/unified",
        "postgresql://127.0.0.1:15433/unified,postgresql://replica:15433/unified"
      })
  @DisplayName("JDBC and Vert.x prefixes and Quarkus URL lists are understood")
  void prefixes(String url) {
    assertThat(TargetAddress.parse(url))
        .isEqualTo(new TargetAddress("127.0.0.1", 15433, "unified"));
  }

  @ParameterizedTest
  @CsvSource({
    "postgresql://localhost:15433/unified, postgresql://127.0.0.1:15433/unified, true",
    "postgresql://postgres@[::1]:15433/unified, postgresql://127.0.0.1:15433/unified, true",
    "postgresql://other:15433/unified, postgresql://127.0.0.1:15433/unified, false",
    "postgresql://localhost:5433/unified, postgresql://127.0.0.1:15433/unified, false",
    "postgresql://localhost:15433/postgres, postgresql://127.0.0.1:15433/unified, false"
  })
  @DisplayName("Loopback names are one host; any other difference is another database")
  void sameAs(String a, String b, boolean same) {
    assertThat(TargetAddress.parse(a).sameAs(TargetAddress.parse(b))).isEqualTo(same);
  }

  @Test
  @DisplayName("A URL of another kind of database is refused, without echoing its password")
  void otherScheme() {
    assertThatThrownBy(() -> TargetAddress.parse("mysql://root:hunter2@localhost/app"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is not a PostgreSQL URL")
        .hasMessageNotContaining("hunter2");
  }

  @Test
  @DisplayName("A URL naming neither database nor user is refused")
  void noDatabase() {
    assertThatThrownBy(() -> TargetAddress.parse("postgresql://localhost:5432"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("names no database");
  }

  @Test
  @DisplayName("It prints as host:port/database")
  void printsAddress() {
    assertThat(new TargetAddress("127.0.0.1", 15433, "unified"))
        .hasToString("127.0.0.1:15433/unified");
  }
}
