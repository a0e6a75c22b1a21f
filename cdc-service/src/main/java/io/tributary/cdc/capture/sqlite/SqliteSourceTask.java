package io.tributary.cdc.capture.sqlite;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.common.catalog.ColumnDef;
import io.tributary.common.catalog.SqliteCatalogReader;
import io.tributary.common.catalog.TableDef;
import io.tributary.common.event.ChangeEvent;
import io.tributary.common.event.ChangeEventCodec;
import io.tributary.common.event.SourceInfo;
import io.tributary.common.value.ValueCodec;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a SQLite database table by table in primary-key order, a bounded chunk per poll, each chunk
 * in its own short read transaction, and emits one snapshot-read change event per row on the
 * table's topic. Its offset is the key of the last row delivered, so a restarted task resumes after
 * it. When a table is complete it emits a progress event on the progress topic.
 */
public class SqliteSourceTask extends SourceTask {
  private static final Logger LOG = LoggerFactory.getLogger(SqliteSourceTask.class);

  private final CountDownLatch stopped = new CountDownLatch(1);
  private SqliteConnectorConfig config;
  private Map<String, String> partition;
  private List<TableDef> tables;
  private SnapshotOffset offset;
  private Connection connection;
  private boolean announcedComplete;

  @Override
  public String version() {
    return "0.1.0";
  }

  @Override
  public void start(Map<String, String> props) {
    config = new SqliteConnectorConfig(props);
    partition = SnapshotOffset.partition(config.migration(), config.source());
    Path file = Path.of(config.path());
    tables = tables(file).stream().sorted(Comparator.comparing(TableDef::sourceTable)).toList();
    offset = SnapshotOffset.fromMap(context.offsetStorageReader().offset(partition));
    try {
      connection = SqliteCatalogReader.openReadOnly(file);
    } catch (SQLException e) {
      throw new ConnectException(
          "Failed to open SQLite database " + file + ": " + e.getMessage(), e);
    }
    LOG.info(
        "SQLite capture of {} ({} tables) starts; snapshot complete for {}, in progress: {}",
        file,
        tables.size(),
        offset.completed(),
        offset.table() == null ? "none" : offset.table() + " after " + offset.rows() + " rows");
  }

  /** The provisioned catalog when given, else the file's own. */
  private List<TableDef> tables(Path file) {
    if (config.tables().isBlank()) {
      return SqliteCatalogReader.read(
          file, config.migration(), config.source(), config.targetSchema());
    }
    try {
      return List.of(ChangeEventCodec.MAPPER.readValue(config.tables(), TableDef[].class));
    } catch (java.io.IOException e) {
      throw new ConnectException(
          "Failed to read " + SqliteConnectorConfig.TABLES + ": " + e.getMessage(), e);
    }
  }

  @Override
  public List<SourceRecord> poll() throws InterruptedException {
    TableDef table = nextTable();
    if (table == null) {
      if (!announcedComplete) {
        LOG.info("SQLite snapshot of {} complete: {} tables", config.path(), tables.size());
        announcedComplete = true;
      }
      stopped.await(config.pollIntervalMs(), TimeUnit.MILLISECONDS);
      return null;
    }
    try {
      return readChunk(table);
    } catch (SQLException e) {
      throw new ConnectException(
          "Failed to read table "
              + table.sourceTable()
              + " of "
              + config.path()
              + ": "
              + e.getMessage(),
          e);
    }
  }

  private TableDef nextTable() {
    for (TableDef table : tables) {
      if (!offset.completed().contains(table.sourceTable())) {
        return table;
      }
    }
    return null;
  }

  private List<SourceRecord> readChunk(TableDef table) throws SQLException {
    boolean resume = table.sourceTable().equals(offset.table()) && offset.lastKey() != null;
    long rows = resume ? offset.rows() : 0;
    List<ColumnDef> columns = table.columns();
    List<ColumnDef> key = table.keyColumns();
    int fetch = config.snapshotFetchSize();
    List<SourceRecord> records = new ArrayList<>(fetch + 1);
    String sql =
        resume ? SqliteSnapshotQueryBuilder.after(table) : SqliteSnapshotQueryBuilder.first(table);
    try (PreparedStatement st = connection.prepareStatement(sql)) {
      int p = 1;
      if (resume) {
        for (Object value : TypedKeyCodec.decode(offset.lastKey())) {
          st.setObject(p++, value);
        }
      }
      st.setInt(p, fetch);
      long now = System.currentTimeMillis();
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          ObjectNode after = ChangeEventCodec.MAPPER.createObjectNode();
          for (int i = 0; i < columns.size(); i++) {
            after.set(
                columns.get(i).name(),
                ValueCodec.toJson(rs.getObject(i + 1), columns.get(i).targetType()));
          }
          ObjectNode keyNode = ChangeEventCodec.MAPPER.createObjectNode();
          List<Object> keyValues = new ArrayList<>(key.size());
          for (ColumnDef column : key) {
            keyNode.set(column.name(), after.get(column.name()));
            keyValues.add(rs.getObject(columns.indexOf(column) + 1));
          }
          rows++;
          SourceInfo source =
              new SourceInfo(
                  "sqlite",
                  config.migration() + "." + config.source(),
                  config.path(),
                  "main",
                  table.sourceTable(),
                  "true",
                  0,
                  now);
          offset = offset.atRow(table.sourceTable(), TypedKeyCodec.encode(keyValues), rows);
          records.add(
              new SourceRecord(
                  partition,
                  offset.toMap(),
                  table.topic(),
                  null,
                  Schema.STRING_SCHEMA,
                  ChangeEventCodec.encodeKey(keyNode),
                  Schema.STRING_SCHEMA,
                  ChangeEventCodec.encodeToString(ChangeEvent.read(after, source, now))));
        }
      }
    }
    if (records.size() < fetch) {
      markLastRow(records);
      offset = offset.tableCompleted(table.sourceTable());
      records.add(progressRecord(table, rows));
      LOG.info("Snapshot of table {} complete: {} rows", table.qualifiedSourceName(), rows);
    }
    return records;
  }

  /** Re-labels the table's last read as {@code snapshot: last}, as Debezium does. */
  private void markLastRow(List<SourceRecord> records) {
    if (records.isEmpty()) {
      return;
    }
    SourceRecord last = records.get(records.size() - 1);
    ChangeEvent event =
        ChangeEventCodec.decode(
            ((String) last.value()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    SourceInfo s = event.source();
    ChangeEvent relabeled =
        new ChangeEvent(
            event.before(),
            event.after(),
            event.op(),
            event.tsMs(),
            new SourceInfo(
                s.connector(), s.name(), s.db(), s.schema(), s.table(), "last", s.pos(), s.tsMs()));
    records.set(
        records.size() - 1,
        last.newRecord(
            last.topic(),
            last.kafkaPartition(),
            last.keySchema(),
            last.key(),
            last.valueSchema(),
            ChangeEventCodec.encodeToString(relabeled),
            last.timestamp()));
  }

  private SourceRecord progressRecord(TableDef table, long rows) {
    ObjectNode key = ChangeEventCodec.MAPPER.createObjectNode();
    key.put("migration", config.migration())
        .put("source", config.source())
        .put("table", table.sourceTable());
    ObjectNode value = key.deepCopy();
    value
        .put("event", CaptureProgress.SNAPSHOT_COMPLETE)
        .put("rows", rows)
        .put("ts_ms", System.currentTimeMillis());
    return new SourceRecord(
        partition,
        offset.toMap(),
        config.progressTopic(),
        null,
        Schema.STRING_SCHEMA,
        key.toString(),
        Schema.STRING_SCHEMA,
        value.toString());
  }

  @Override
  public void stop() {
    stopped.countDown();
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException e) {
        LOG.warn("Failed to close SQLite connection to {}: {}", config.path(), e.getMessage());
      }
    }
  }
}
