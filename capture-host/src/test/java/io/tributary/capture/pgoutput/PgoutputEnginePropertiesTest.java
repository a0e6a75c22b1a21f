package io.tributary.capture.pgoutput;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.common.plan.PostgresUrl;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class PgoutputEnginePropertiesTest {
  @Test
  void readsTheDatabaseThroughItsSlotAndPublication() {
    Properties p =
        PgoutputEngineProperties.of(
            PostgresUrl.parse("postgresql://u:pw@h:5433/db?sslmode=require"),
            "slot_a",
            "pub_a",
            500,
            9000,
            13,
            321);
    assertThat(p)
        .containsEntry("connector.class", "io.debezium.connector.postgresql.PostgresConnector")
        .containsEntry("database.hostname", "h")
        .containsEntry("database.port", "5433")
        .containsEntry("database.dbname", "db")
        .containsEntry("database.user", "u")
        .containsEntry("database.password", "pw")
        .containsEntry("database.sslmode", "require")
        .containsEntry("plugin.name", "pgoutput")
        .containsEntry("topic.prefix", "slot_a")
        .containsEntry("slot.name", "slot_a")
        .containsEntry("publication.name", "pub_a")
        .containsEntry("publication.autocreate.mode", "disabled")
        .containsEntry("slot.drop.on.stop", "false")
        .containsEntry("slot.retry.delay.ms", "500")
        .containsEntry("slot.max.retries", "120")
        .containsEntry("snapshot.fetch.size", "500")
        .containsEntry("heartbeat.interval.ms", "9000")
        .containsEntry("poll.interval.ms", "13")
        .containsEntry("max.batch.size", "321")
        .containsEntry("max.queue.size", "1284")
        .containsEntry(
            "heartbeat.action.query",
            "SELECT pg_logical_emit_message(true, 'tributary', '{\"heartbeat\": true}')");
    // each engine chooses its own tables, snapshot and messages
    assertThat(p)
        .doesNotContainKeys(
            "table.include.list",
            "snapshot.mode",
            "message.prefix.include.list",
            "notification.enabled.channels");
  }

  @Test
  void includeListMatchesEveryNameLiterally() {
    assertThat(
            PgoutputEngineProperties.includeList(
                List.of(List.of("Public Schema", "user\"s"), List.of("a", "b,c"))))
        .isEqualTo("Public\\ Schema\\.user\\\"s,a\\.b\\,c");
  }
}
