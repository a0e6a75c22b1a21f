package io.tributary.testing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PostgresSettingsTest {

  @Test
  void enablesLogicalDecodingAndDropsDurability() {
    assertThat(PostgresSettings.SERVER)
        .containsEntry("wal_level", "logical")
        .containsEntry("max_replication_slots", "64")
        .containsEntry("max_wal_senders", "64")
        .containsEntry("fsync", "off")
        .containsEntry("max_connections", "200");
  }

  @Test
  void rendersConfLinesAndContainerCommand() {
    assertThat(PostgresSettings.confLines())
        .contains("wal_level = 'logical'", "shared_buffers = '128MB'");
    assertThat(PostgresSettings.containerCommand())
        .startsWith("postgres", "-c", "wal_level=logical")
        .hasSize(1 + 2 * PostgresSettings.SERVER.size());
  }
}
