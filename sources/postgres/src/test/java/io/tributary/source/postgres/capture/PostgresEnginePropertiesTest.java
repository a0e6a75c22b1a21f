package io.tributary.source.postgres.capture;

import static org.assertj.core.api.Assertions.assertThat;

import io.debezium.config.Configuration;
import io.debezium.connector.postgresql.PostgresConnectorConfig;
import io.tributary.common.catalog.ColumnDef;
import io.tributary.common.catalog.TableDef;
import io.tributary.common.catalog.TargetType;
import io.tributary.common.plan.PostgresUrl;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class PostgresEnginePropertiesTest {
  @Test
  void capturesTheSourceTablesFromAnInitialSnapshotWithItsFencesAndNotifications() {
    PostgresCaptureNames names = PostgresCaptureNames.of("m1", "s1");
    TableDef t =
        new TableDef(
            "s",
            "public",
            "items",
            "x",
            "y",
            "topic",
            List.of(new ColumnDef("id", "int", "id", TargetType.INTEGER, 1, false)));
    Properties p =
        PostgresEngineProperties.of(
            PostgresUrl.parse("postgresql://h:5432/db"), names, List.of(t), 500, 9000, 13, 321);
    assertThat(p)
        .containsEntry("slot.name", names.slot())
        .containsEntry("publication.name", names.publication())
        .containsEntry("table.include.list", "public\\.items")
        .containsEntry("snapshot.mode", "no_data")
        .containsEntry("message.prefix.include.list", "tributary")
        .doesNotContainKey("notification.enabled.channels");
    // Debezium's resume check is off as Debezium reads it (the key without its "internal." prefix
    // was ignored: a slot whose restart position passed the stored one failed every start)
    assertThat(new PostgresConnectorConfig(Configuration.from(p)).isLogPositionCheckEnabled())
        .isFalse();
  }
}
