package io.tributary.source.sqlite.capture;

import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The connector settings that say which source to capture and how it is recorded: its file,
 * migration, source name, target schema, provisioned tables, resyncs and whether it streams only.
 * Both runners build them from the control schema's row of the source (cdc-service's embedded
 * engine, and the capture host's task on a Kafka Connect worker); the tuning settings are each
 * runner's own.
 */
public final class SqliteSourceProperties {
  private SqliteSourceProperties() {}

  /**
   * @param tablesJson the provisioned catalog of the source's tables (a JSON array of {@code
   *     TableDef}, as {@code tributary.tables.definition} holds them)
   * @param resyncs topic to the epoch milliseconds of a resync asked and not done yet
   */
  public static Map<String, String> of(
      String migration,
      String source,
      String path,
      String targetSchema,
      String tablesJson,
      Map<String, Long> resyncs,
      boolean streamOnly) {
    Map<String, String> props = new HashMap<>();
    props.put(SqliteConnectorConfig.PATH, path);
    props.put(SqliteConnectorConfig.MIGRATION, migration);
    props.put(SqliteConnectorConfig.SOURCE, source);
    props.put(SqliteConnectorConfig.TARGET_SCHEMA, targetSchema);
    props.put(SqliteConnectorConfig.TABLES, tablesJson);
    props.put(
        SqliteConnectorConfig.RESYNC,
        resyncs.entrySet().stream()
            .map(e -> e.getKey() + "=" + e.getValue())
            .sorted()
            .collect(Collectors.joining(",")));
    props.put(SqliteConnectorConfig.STREAM_ONLY, Boolean.toString(streamOnly));
    return props;
  }
}
