package io.tributary.source.postgres.capture.snapshot;

import io.tributary.common.catalog.ColumnDef;
import io.tributary.common.catalog.InvalidPolicy;
import io.tributary.common.catalog.TableDef;
import io.tributary.common.catalog.TargetType;
import io.tributary.source.postgres.catalog.PostgresColumnTypes.ColumnType;
import io.tributary.source.postgres.catalog.PostgresType;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A table of every column treatment, with its source types, for the snapshot's unit tests. */
final class SnapshotTables {
  static final UUID NAMESPACE = UUID.fromString("6ba7b811-9dad-11d1-80b4-00c04fd430c8");
  static final long TARGET_MOOD_OID = 70_001;

  static final PostgresType MOOD =
      new PostgresType(40_000, "app", "mood", 'e', 'E', null, null, -1);

  static final ColumnDef ID =
      new ColumnDef("id", "bigint", "id", TargetType.UUID, 1, false)
          .withRules("id", null, NAMESPACE);
  static final ColumnDef NAME = new ColumnDef("name", "text", "name", TargetType.TEXT, 0, true);
  static final ColumnDef MOODS =
      new ColumnDef(
          "moods",
          "app.mood[]",
          "moods",
          TargetType.ARRAY,
          0,
          true,
          "\"tgt\".\"mood\"[]",
          TargetType.ENUM,
          null);
  static final ColumnDef SPAN = new ColumnDef("span", "interval", "span", TargetType.TEXT, 0, true);
  static final ColumnDef QTY = new ColumnDef("qty", "integer", "qty", TargetType.BIGINT, 0, true);

  static final TableDef TABLE =
      new TableDef(
          "src",
          "app",
          "items",
          "tgt",
          "items",
          "tributary.m.src.app.items",
          List.of(ID, NAME, MOODS, SPAN, QTY));

  static final Map<String, ColumnType> SOURCE_TYPES =
      Map.of(
          "id", new ColumnType(PostgresType.builtin("int8"), -1),
          "name", new ColumnType(PostgresType.builtin("text"), -1),
          "moods", new ColumnType(PostgresType.arrayOf(MOOD), -1),
          "span", new ColumnType(PostgresType.builtin("interval"), -1),
          "qty", new ColumnType(PostgresType.builtin("int4"), -1));

  static long targetOid(String type) {
    if (type.equals("\"tgt\".\"mood\"")) {
      return TARGET_MOOD_OID;
    }
    throw new IllegalArgumentException("no type " + type);
  }

  static ColumnDef withPolicy(ColumnDef column) {
    return column.withRules(column.targetName(), InvalidPolicy.NULL, null);
  }

  private SnapshotTables() {}
}
