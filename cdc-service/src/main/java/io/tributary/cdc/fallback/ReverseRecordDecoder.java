package io.tributary.cdc.fallback;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.capture.pgoutput.LogicalMessages;
import io.tributary.capture.pgoutput.PgoutputValueEncoder;
import io.tributary.capture.pgoutput.UnavailableValueException;
import io.tributary.capture.pgoutput.WalPositions;
import io.tributary.common.catalog.ColumnDef;
import io.tributary.common.catalog.TableDef;
import io.tributary.common.control.CaptureNames;
import io.tributary.common.event.Op;
import io.tributary.source.spi.writeback.ReverseChange;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * Reads what Debezium's PostgreSQL connector delivers from the target's fallback slot: a change of
 * a migrated target table becomes a {@link ReverseChange} (values by target column name, in the
 * envelope encoding, through {@link PgoutputValueEncoder} guided by each column's recorded target
 * type), a fence message of the migration becomes its id, anything else (heartbeats, tables of
 * other migrations, changes apply made before the switch) is skipped.
 */
final class ReverseRecordDecoder {
  private final String migration;
  private final long switchLsn;
  private final Map<String, Owned> tables = new HashMap<>();

  /** A target table and the source it belongs to. */
  record Owned(String source, TableDef table) {}

  /** What one record is. */
  sealed interface Decoded permits Change, Fence, Skip, Unreadable {}

  /** A change to write back. */
  record Change(String source, ReverseChange change) implements Decoded {}

  /**
   * A change that could not be read (a value the encoding cannot represent): a reverse reject.
   *
   * @param source the source of its table
   * @param table its table
   * @param lsn where it is
   * @param op its operation code
   * @param reason why it could not be read
   */
  record Unreadable(String source, TableDef table, String lsn, String op, String reason)
      implements Decoded {}

  /**
   * A fence of this migration, at {@code lsn}: the orchestrator's (its {@code id}), or a position
   * mark without an id (validator-service's reverse validation, waiting for the write-back to pass
   * a position of the target's WAL).
   */
  record Fence(Long id, String lsn) implements Decoded {}

  /** Nothing to write back; {@code lsn} may be null. */
  record Skip(String lsn) implements Decoded {}

  /**
   * @param migration the migration whose fences count
   * @param switchLsn changes before this position were apply's own, made before the switch
   * @param sources the migration's tables by source name
   */
  ReverseRecordDecoder(String migration, long switchLsn, Map<String, List<TableDef>> sources) {
    this.migration = migration;
    this.switchLsn = switchLsn;
    sources.forEach(
        (source, list) ->
            list.forEach(
                t -> tables.put(id(t.targetSchema(), t.targetTable()), new Owned(source, t))));
  }

  Decoded decode(SourceRecord record) {
    if (!(record.value() instanceof Struct value) || value.schema().field("op") == null) {
      return new Skip(null);
    }
    Struct info = value.schema().field("source") == null ? null : value.getStruct("source");
    long position = info == null || info.get("lsn") == null ? -1 : info.getInt64("lsn");
    String lsn = position < 0 ? null : lsn(position);
    if (value.schema().field("message") != null) {
      JsonNode content = content(value.getStruct("message"));
      if (content == null) {
        return new Skip(lsn);
      }
      return new Fence(
          content.path("fence").canConvertToLong() ? content.path("fence").asLong() : null, lsn);
    }
    if (info == null || position < switchLsn) {
      return new Skip(lsn);
    }
    Owned owned = tables.get(id(info.getString("schema"), info.getString("table")));
    if (owned == null) {
      return new Skip(lsn);
    }
    String code = value.getString("op");
    Op op =
        switch (code) {
          case "c", "r" -> Op.CREATE;
          case "u" -> Op.UPDATE;
          case "d" -> Op.DELETE;
          default -> null;
        };
    if ("t".equals(code)) {
      return new Unreadable(
          owned.source(),
          owned.table(),
          lsn,
          code,
          "TRUNCATE of "
              + owned.table().targetSchema()
              + "."
              + owned.table().targetTable()
              + " on the target is not written back: empty the source table by hand, or finish"
              + " the window");
    }
    if (op == null) {
      return new Skip(lsn);
    }
    try {
      Struct before = value.getStruct("before");
      Struct after = value.getStruct("after");
      return new Change(
          owned.source(),
          new ReverseChange(
              owned.table(),
              op,
              before == null ? Map.of() : row(owned.table(), before, null),
              after == null ? Map.of() : row(owned.table(), after, before),
              lsn));
    } catch (IllegalArgumentException e) {
      return new Unreadable(owned.source(), owned.table(), lsn, code, e.getMessage());
    }
  }

  /**
   * A row's values by target column name; a value the WAL does not hold is taken from the old row
   * when it has it (replica identity FULL), else left out.
   */
  private static Map<String, JsonNode> row(TableDef table, Struct struct, Struct old) {
    Map<String, JsonNode> out = new LinkedHashMap<>();
    for (ColumnDef column : table.columns()) {
      Field field = struct.schema().field(column.targetName());
      if (field == null) {
        continue;
      }
      JsonNode v = value(struct, field, column, old);
      if (v != null) {
        out.put(column.targetName(), v);
      }
    }
    return out;
  }

  private static JsonNode value(Struct struct, Field field, ColumnDef column, Struct old) {
    try {
      return PgoutputValueEncoder.encode(struct.get(field), field.schema(), column);
    } catch (UnavailableValueException e) {
      Field before = old == null ? null : old.schema().field(field.name());
      return before == null ? null : value(old, before, column, null);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "column " + column.targetName() + " (" + column.targetSql() + "): " + e.getMessage(), e);
    }
  }

  /** A fence message's content when it is this migration's fence or mark, else null. */
  private JsonNode content(Struct message) {
    JsonNode content =
        LogicalMessages.content(message, CaptureNames.REVERSE_FENCE_PREFIX).orElse(null);
    if (content == null
        || !migration.equals(content.path("migration").asText())
        || !(content.path("fence").canConvertToLong() || content.path("mark").asBoolean())) {
      return null;
    }
    return content;
  }

  /** PostgreSQL's spelling of a WAL position ({@link WalPositions#text}). */
  static String lsn(long position) {
    return WalPositions.text(position);
  }

  /** Parses PostgreSQL's spelling of a WAL position ({@link WalPositions#parse}). */
  static long position(String lsn) {
    return WalPositions.parse(lsn);
  }

  private static String id(String schema, String table) {
    return schema + "\0" + table;
  }
}
