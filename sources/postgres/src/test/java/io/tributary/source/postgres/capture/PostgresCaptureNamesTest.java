package io.tributary.source.postgres.capture;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.common.catalog.ColumnDef;
import io.tributary.common.catalog.TableDef;
import io.tributary.common.catalog.TargetType;
import java.util.List;
import org.junit.jupiter.api.Test;

class PostgresCaptureNamesTest {
  @Test
  void slotNamesAreValidDistinctAndStable() {
    PostgresCaptureNames a = PostgresCaptureNames.of("AI-PA", "letta");
    assertThat(a.slot()).matches("[a-z0-9_]{1,63}").startsWith("tributary_ai_pa_letta_");
    assertThat(PostgresCaptureNames.of("AI-PA", "letta")).isEqualTo(a);
    assertThat(PostgresCaptureNames.of("ai_pa", "letta").slot()).isNotEqualTo(a.slot());
    assertThat(PostgresCaptureNames.of("m".repeat(80), "s".repeat(80)).slot())
        .hasSizeLessThanOrEqualTo(63);
  }

  @Test
  void publicationAndIdentityStatementsQuoteEveryName() {
    TableDef t =
        new TableDef(
            "s",
            "Public Schema",
            "user\"s",
            "x",
            "y",
            "topic",
            List.of(new ColumnDef("id", "int", "id", TargetType.INTEGER, 1, false)));
    assertThat(PostgresCaptureStatementBuilder.createPublication("p", List.of(t)))
        .isEqualTo("CREATE PUBLICATION \"p\" FOR TABLE \"Public Schema\".\"user\"\"s\"");
    assertThat(PostgresCaptureStatementBuilder.publishViaPartitionRoot("p\"q"))
        .isEqualTo("ALTER PUBLICATION \"p\"\"q\" SET (publish_via_partition_root = true)");
    assertThat(PostgresCaptureStatementBuilder.replicaIdentity("a", "b\"c", "FULL"))
        .isEqualTo("ALTER TABLE \"a\".\"b\"\"c\" REPLICA IDENTITY FULL");
    assertThat(PostgresEngineProperties.includeList(List.of(t)))
        .isEqualTo("Public\\ Schema\\.user\\\"s");
  }
}
