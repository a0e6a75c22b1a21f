package io.tributary.capture.connect;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.source.sqlite.capture.SqliteConnectorConfig;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The Connect task's capture settings next to the SQLite connector's own configuration. */
class ConnectCaptureSettingsTest {

  @Test
  @DisplayName("Every SQLite setting has the SQLite connector's name and default")
  void sqliteDefaults() {
    Map<String, Object> defaults = SqliteConnectorConfig.DEFINITION.defaultValues();
    ConnectCaptureSettings.DEFAULTS.forEach(
        (key, value) -> {
          if (SqliteConnectorConfig.DEFINITION.names().contains(key)) {
            assertThat(String.valueOf(defaults.get(key))).as(key).isEqualTo(value);
          }
        });
    assertThat(SqliteConnectorConfig.DEFINITION.names())
        .contains(
            ConnectCaptureSettings.PROGRESS_TOPIC,
            ConnectCaptureSettings.SNAPSHOT_FETCH_SIZE,
            ConnectCaptureSettings.STREAM_BATCH_SIZE,
            ConnectCaptureSettings.POLL_INTERVAL_MS,
            ConnectCaptureSettings.TRIM_INTERVAL_MS,
            ConnectCaptureSettings.STALE_CONSUMER_AFTER_MS,
            ConnectCaptureSettings.BUSY_TIMEOUT_MS,
            ConnectCaptureSettings.VEC0_SCAN_INTERVAL_MS);
  }

  @Test
  @DisplayName("A setting set on the connector wins over the default")
  void setOnConnector() {
    ConnectCaptureSettings settings =
        new ConnectCaptureSettings(
            Map.of(SqliteConnectorConfig.POLL_INTERVAL_MS, "50", "progress.topic", "p"));

    assertThat(settings.pollInterval()).isEqualTo(Duration.ofMillis(50));
    assertThat(settings.progressTopic()).isEqualTo("p");
    assertThat(settings.snapshotFetchSize()).isEqualTo(2000);
    assertThat(settings.sqliteBusyTimeout()).isEqualTo(Duration.ofSeconds(5));
  }
}
