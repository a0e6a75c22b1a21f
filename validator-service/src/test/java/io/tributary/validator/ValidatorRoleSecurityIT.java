package io.tributary.validator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tributary.testing.TributaryTestResource;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.inject.Inject;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Issue 47: the validator's connections to the target read as {@code tributary_validator}, whatever
 * role the service logs in as (a superuser in the tests): the control schema can be read, the
 * validator's own results written, nothing else changed, no file read; {@code RESET ROLE} comes
 * back to that role (it is the connection's starting role). A deployment gives the validator a
 * login that is a member of tributary_validator only (docs/operations.md): with a superuser's
 * login, as here, a statement could still name another role outright ({@code SET ROLE postgres}).
 */
@QuarkusTest
@QuarkusTestResource(TributaryTestResource.class)
class ValidatorRoleSecurityIT {
  private static final Duration WAIT = Duration.ofSeconds(30);

  @Inject Pool pool;

  @Test
  @DisplayName(
      "A validator connection is tributary_validator: reads the control schema, cannot change a"
          + " migration, create a table or read a file")
  void theValidatorReadsWithItsOwnRole() {
    Row row =
        pool.query(
                "SELECT current_user::text AS who, (SELECT count(*) FROM tributary.migrations) AS n")
            .execute()
            .await()
            .atMost(WAIT)
            .iterator()
            .next();
    assertThat(row.getString("who")).isEqualTo("tributary_validator");
    assertThat(row.getLong("n")).isNotNegative();
    for (String forbidden :
        new String[] {
          "UPDATE tributary.migrations SET state = 'ABANDONED'",
          "DELETE FROM tributary.sources",
          "CREATE TABLE tributary.evil (id int)",
          "SELECT pg_read_file('/etc/hostname')",
          "RESET ROLE; UPDATE tributary.migrations SET state = 'ABANDONED'"
        }) {
      assertThatThrownBy(() -> pool.query(forbidden).execute().await().atMost(WAIT))
          .as(forbidden)
          .hasMessageContaining("permission denied");
    }
  }
}
