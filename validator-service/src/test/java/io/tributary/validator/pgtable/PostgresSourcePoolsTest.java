package io.tributary.validator.pgtable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.common.plan.PostgresUrl;
import io.tributary.source.spi.validate.ValidationException;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.SslMode;
import org.junit.jupiter.api.Test;

class PostgresSourcePoolsTest {
  @Test
  void connectOptionsComeFromTheRecordedUrl() {
    PgConnectOptions options =
        PostgresSourcePools.options(
            PostgresUrl.parse(
                "postgresql://le%40tta:s3cret@db.example.com:5433/letta?sslmode=require"));
    assertThat(options.getHost()).isEqualTo("db.example.com");
    assertThat(options.getPort()).isEqualTo(5433);
    assertThat(options.getDatabase()).isEqualTo("letta");
    assertThat(options.getUser()).isEqualTo("le@tta");
    assertThat(options.getPassword()).isEqualTo("s3cret");
    assertThat(options.getSslMode()).isEqualTo(SslMode.REQUIRE);
    assertThat(options.getProperties()).containsEntry("application_name", "tributary-validator");
  }

  @Test
  void aLocationThatIsNoUrlIsAValidationErrorWithoutThePassword() {
    assertThatThrownBy(() -> PostgresSourcePools.url("mysql://u:s3cret@h/d"))
        .isInstanceOf(ValidationException.class)
        .hasMessageStartingWith("source location is not a PostgreSQL URL: ")
        .hasMessageNotContaining("s3cret");
  }
}
