package io.tributary.common.cast;

import io.tributary.common.catalog.ColumnDef;
import io.tributary.common.catalog.ColumnProfile;
import io.tributary.common.catalog.ForeignKey;
import io.tributary.common.catalog.InvalidPolicy;
import io.tributary.common.catalog.TableDef;
import io.tributary.common.catalog.TargetType;
import io.tributary.common.naming.Identifiers;
import io.tributary.common.plan.ColumnRule;
import io.tributary.common.plan.KeyRule;
import io.tributary.common.plan.PlanError;
import io.tributary.common.plan.TableRule;
import io.tributary.common.sql.TableExtras;
import io.tributary.common.value.Uuid5;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Shapes a source's tables for the target: the plan's rules per table and column ({@code type},
 * {@code name}, {@code default}, {@code invalid}, {@code references}, {@code key}, {@code checks},
 * extra columns) over the automatic casting rules, which decide from what every column holds
 * ({@link ColumnProfile}, SQLite sources):
 *
 * <ul>
 *   <li>text that is all UUIDs → {@code uuid}; all JSON objects or arrays → {@code jsonb}; all ISO
 *       dates → {@code date}; all ISO-8601 timestamps → {@code timestamptz};
 *   <li>integers named like a time ({@code created_at}, {@code updated}, {@code *_ts}, {@code
 *       *time*}, {@code *date*}) that all lie in the range of Unix epoch seconds (2001–2286) or
 *       milliseconds → {@code timestamptz};
 *   <li>BLOBs of one constant length, a multiple of 4, in a column named like an embedding ({@code
 *       embedding}, {@code vector}, {@code *_vec}) → {@code vector(length / 4)} (float32) when
 *       pgvector can hold it (at most {@value PlanTypeParser#VECTOR_MAX_DIMENSIONS} dimensions);
 *       the same BLOBs under another name stay {@code bytea} and a note proposes the plan rule.
 * </ul>
 *
 * A column with no value (empty table or all NULL) keeps its affinity's type. The key strategy
 * {@code uuid5} turns the key into {@code uuid} and remaps it ({@link Uuid5}); every column that
 * references it — by the plan's {@code references} or a foreign key the source declares — is
 * remapped to the same UUIDs. Builds a plan; reads and writes nothing.
 */
public final class CastPlanner {
  private static final Pattern TIME_NAME =
      Pattern.compile(
          "(?i).*(_at|_on|_ts|time|date|created|updated|deleted|modified)$|.*(time|date).*");
  private static final Pattern VECTOR_NAME =
      Pattern.compile("(?i).*(embedding|vector|_vec|vec_).*|vec");
  private static final long EPOCH_SECONDS_MIN = 1_000_000_000L;
  private static final long EPOCH_SECONDS_MAX = 10_000_000_000L;
  private static final long EPOCH_MILLIS_MIN = 1_000_000_000_000L;
  private static final long EPOCH_MILLIS_MAX = 10_000_000_000_000L;

  /**
   * The shaped tables.
   *
   * @param tables the tables with their target types, names and cast rules, in source order
   * @param extras what each table gets beyond its columns, by source table name
   * @param errors every rule that cannot be applied, by plan field
   * @param notes what the automatic rules decided or propose, for the operator
   */
  public record Result(
      List<TableDef> tables,
      Map<String, TableExtras> extras,
      List<PlanError> errors,
      List<String> notes) {}

  private CastPlanner() {}

  /**
   * @param migration the migration id (part of uuid5 namespaces)
   * @param source the source's name
   * @param field the plan field of the source ({@code sources[0]}), for errors
   * @param tables the source's tables as read from its catalog
   * @param rules the plan's rules by source table name
   * @param profiles column profiles by source table name (empty: no automatic rules)
   * @param declaredKeys the source's declared foreign keys by source table name
   */
  public static Result plan(
      String migration,
      String source,
      String field,
      List<TableDef> tables,
      Map<String, TableRule> rules,
      Map<String, Map<String, ColumnProfile>> profiles,
      Map<String, List<ForeignKey>> declaredKeys) {
    List<PlanError> errors = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    Map<String, TableDef> byName = new LinkedHashMap<>();
    tables.forEach(t -> byName.put(t.sourceTable(), t));
    for (String name : rules.keySet()) {
      if (!byName.containsKey(name)) {
        errors.add(
            new PlanError(
                field + ".tables." + name,
                "no table '"
                    + name
                    + "' in the source (it has "
                    + String.join(", ", byName.keySet())
                    + ")"));
      }
    }
    // uuid5 namespaces of the tables whose keys are remapped
    Map<String, UUID> remapped = new HashMap<>();
    for (Map.Entry<String, TableRule> entry : rules.entrySet()) {
      TableDef table = byName.get(entry.getKey());
      KeyRule key = entry.getValue().key();
      if (table == null || key == null) {
        continue;
      }
      String keyField = field + ".tables." + entry.getKey() + ".key";
      List<ColumnDef> keyColumns = table.keyColumns();
      if (key.column() != null
          && (keyColumns.size() != 1 || !keyColumns.get(0).name().equals(key.column()))) {
        errors.add(
            new PlanError(
                keyField + ".column",
                "'"
                    + key.column()
                    + "' is not the primary key of "
                    + entry.getKey()
                    + " ("
                    + String.join(", ", keyColumns.stream().map(ColumnDef::name).toList())
                    + ")"));
        continue;
      }
      if (KeyRule.UUID5.equals(key.strategy())) {
        if (keyColumns.size() != 1 || keyColumns.get(0).name().equals("rowid")) {
          errors.add(
              new PlanError(
                  keyField + ".strategy",
                  "uuid5 needs a declared single-column primary key; "
                      + entry.getKey()
                      + " has "
                      + (keyColumns.isEmpty() ? "none" : keyColumns.size() + " key columns")));
          continue;
        }
        remapped.put(entry.getKey(), Uuid5.tableNamespace(migration, source, entry.getKey()));
      }
    }

    List<TableDef> shaped = new ArrayList<>();
    Map<String, TableExtras> extras = new LinkedHashMap<>();
    for (TableDef table : tables) {
      TableRule rule = rules.getOrDefault(table.sourceTable(), new TableRule(null, null, null));
      String tableField = field + ".tables." + table.sourceTable();
      Map<String, ColumnProfile> profile = profiles.getOrDefault(table.sourceTable(), Map.of());
      Map<String, ForeignKey> declared = new HashMap<>();
      declaredKeys
          .getOrDefault(table.sourceTable(), List.of())
          .forEach(k -> declared.put(k.column(), k));
      Map<String, String> defaults = new LinkedHashMap<>();
      List<TableExtras.ForeignKeyDef> foreignKeys = new ArrayList<>();
      List<ColumnDef> columns = new ArrayList<>();
      for (ColumnDef column : table.columns()) {
        ColumnRule columnRule = rule.columns().get(column.name());
        String columnField = tableField + ".columns." + column.name();
        // which table's keys this column holds, when they are remapped
        String refTable = null;
        String refColumn = null;
        if (columnRule != null && columnRule.references() != null) {
          String[] ref = columnRule.references().split("\\.", 2);
          refTable = ref[0];
          refColumn = ref.length > 1 ? ref[1] : null;
          if (!byName.containsKey(refTable)) {
            errors.add(
                new PlanError(
                    columnField + ".references",
                    "no table '" + refTable + "' in the source to reference"));
            refTable = null;
          }
        } else if (declared.containsKey(column.name())) {
          ForeignKey fk = declared.get(column.name());
          if (byName.containsKey(fk.table())) {
            refTable = fk.table();
            refColumn = fk.refColumn();
          }
        }
        boolean referencesKey = false;
        if (refTable != null) {
          TableDef referenced = byName.get(refTable);
          List<ColumnDef> refKey = referenced.keyColumns();
          String refName =
              refColumn != null ? refColumn : refKey.isEmpty() ? null : refKey.get(0).name();
          referencesKey = refKey.size() == 1 && refKey.get(0).name().equals(refName);
          if (refName == null
              || referenced.columns().stream().noneMatch(c -> c.name().equals(refName))) {
            if (columnRule != null && columnRule.references() != null) {
              errors.add(
                  new PlanError(
                      columnField + ".references",
                      "'" + refTable + "' has no column '" + refName + "' to reference"));
            } else {
              notes.add(
                  table.sourceTable()
                      + "."
                      + column.name()
                      + ": its declared foreign key names no column of "
                      + refTable
                      + "; not carried over");
            }
          } else {
            foreignKeys.add(
                new TableExtras.ForeignKeyDef(
                    targetName(column, columnRule),
                    referenced.targetSchema(),
                    targetTable(referenced),
                    targetName(
                        referenced.column(refName),
                        rules
                            .getOrDefault(refTable, new TableRule(null, null, null))
                            .columns()
                            .get(refName))));
          }
        }
        UUID remap = null;
        if (column.keyPosition() > 0 && remapped.containsKey(table.sourceTable())) {
          remap = remapped.get(table.sourceTable());
        } else if (refTable != null && referencesKey && remapped.containsKey(refTable)) {
          // only a reference to the remapped key itself holds its keys
          remap = remapped.get(refTable);
        }

        ColumnDef typed = column;
        if (columnRule != null && columnRule.type() != null) {
          try {
            PlanTypeParser.ParsedType parsed = PlanTypeParser.parse(columnRule.type());
            typed = column.withTarget(parsed.type(), parsed.sql(), parsed.elementType());
          } catch (IllegalArgumentException e) {
            errors.add(new PlanError(columnField + ".type", e.getMessage()));
          }
          if (remap != null && typed.targetType() != TargetType.UUID) {
            errors.add(
                new PlanError(
                    columnField + ".type",
                    "this column holds keys that uuid5 remaps, so its type must be uuid"));
          }
        } else if (remap != null) {
          typed = column.withTarget(TargetType.UUID, null, null);
        } else if (profile.containsKey(column.name())) {
          typed = detect(table, column, profile.get(column.name()), notes);
        }
        InvalidPolicy invalid =
            columnRule == null ? null : InvalidPolicy.parse(columnRule.invalid());
        if (invalid == InvalidPolicy.NULL && column.keyPosition() > 0) {
          errors.add(
              new PlanError(
                  columnField + ".invalid",
                  "a key column cannot take NULL for an invalid value; use reject"));
        }
        String target = targetName(column, columnRule);
        columns.add(typed.withRules(target, invalid, remap));
        if (columnRule != null && columnRule.defaultValue() != null) {
          defaults.put(target, columnRule.defaultValue());
        }
      }
      List<TableExtras.ExtraColumn> extraColumns = new ArrayList<>();
      for (Map.Entry<String, ColumnRule> entry : rule.columns().entrySet()) {
        if (table.columns().stream().anyMatch(c -> c.name().equals(entry.getKey()))) {
          continue;
        }
        ColumnRule extra = entry.getValue();
        String columnField = tableField + ".columns." + entry.getKey();
        String extraName = extra.name() != null ? extra.name() : entry.getKey();
        if (extraName.isBlank()) {
          errors.add(
              noSuchColumn(
                  columnField,
                  entry.getKey(),
                  table,
                  ", and a target column needs a name that is not empty"));
          continue;
        }
        if (!Identifiers.fitsPostgres(extraName)) {
          errors.add(
              new PlanError(
                  columnField,
                  "the column name '" + extraName + "' is longer than PostgreSQL's 63 bytes"));
          continue;
        }
        if (extra.type() == null) {
          errors.add(
              noSuchColumn(
                  columnField,
                  entry.getKey(),
                  table,
                  "; to add a target column, give its type (and a default)"));
          continue;
        }
        try {
          PlanTypeParser.ParsedType parsed = PlanTypeParser.parse(extra.type());
          extraColumns.add(
              new TableExtras.ExtraColumn(extraName, parsed.sql(), extra.defaultValue()));
        } catch (IllegalArgumentException e) {
          errors.add(new PlanError(columnField + ".type", e.getMessage()));
        }
      }
      TableDef result = table.withColumns(columns);
      shaped.add(result);
      extras.put(
          table.sourceTable(), new TableExtras(defaults, extraColumns, rule.checks(), foreignKeys));
    }
    return new Result(shaped, extras, errors, notes);
  }

  /** A plan naming a column the table does not have, with why it cannot be added instead. */
  private static PlanError noSuchColumn(String field, String column, TableDef table, String why) {
    return new PlanError(field, "no column '" + column + "' in " + table.sourceTable() + why);
  }

  private static String targetName(ColumnDef column, ColumnRule rule) {
    return rule != null && rule.name() != null ? rule.name() : column.targetName();
  }

  private static String targetTable(TableDef table) {
    return table.targetTable();
  }

  /** The automatic rules for one column without a plan type. */
  private static ColumnDef detect(
      TableDef table, ColumnDef column, ColumnProfile p, List<String> notes) {
    long n = p.nonNull();
    if (n == 0) {
      return column;
    }
    String where = table.sourceTable() + "." + column.name();
    TargetType type = column.targetType();
    if (type == TargetType.TEXT && p.texts() == n) {
      if (p.uuids() == n) {
        notes.add(where + ": every value is a UUID, migrated as uuid");
        return column.withTarget(TargetType.UUID, null, null);
      }
      if (p.jsonDocuments() == n) {
        notes.add(where + ": every value is a JSON object or array, migrated as jsonb");
        return column.withTarget(TargetType.JSONB, null, null);
      }
      if (p.isoDates() == n) {
        notes.add(where + ": every value is an ISO-8601 date, migrated as date");
        return column.withTarget(TargetType.DATE, null, null);
      }
      if (p.isoTimestamps() == n) {
        notes.add(
            where
                + ": every value is an ISO-8601 timestamp, migrated as timestamptz (UTC when it has no zone)");
        return column.withTarget(TargetType.TIMESTAMPTZ, null, null);
      }
    }
    if (type == TargetType.BIGINT
        && column.keyPosition() == 0
        && p.integers() == n
        && TIME_NAME.matcher(column.name()).matches()
        && (within(p, EPOCH_SECONDS_MIN, EPOCH_SECONDS_MAX)
            || within(p, EPOCH_MILLIS_MIN, EPOCH_MILLIS_MAX))) {
      notes.add(
          where
              + ": integers named like a time, all Unix epoch "
              + (p.minInteger() >= EPOCH_MILLIS_MIN ? "milliseconds" : "seconds")
              + ", migrated as timestamptz");
      return column.withTarget(TargetType.TIMESTAMPTZ, null, null);
    }
    if (type == TargetType.BYTEA
        && p.blobs() == n
        && p.minBlobLength() == p.maxBlobLength()
        && p.minBlobLength() >= 8
        && p.minBlobLength() % 4 == 0) {
      long dimensions = p.minBlobLength() / 4;
      if (dimensions > PlanTypeParser.VECTOR_MAX_DIMENSIONS) {
        notes.add(
            where
                + ": every BLOB is "
                + p.minBlobLength()
                + " bytes, more than pgvector's "
                + PlanTypeParser.VECTOR_MAX_DIMENSIONS
                + " float32 dimensions; migrated as bytea");
        return column;
      }
      if (VECTOR_NAME.matcher(column.name().toLowerCase(Locale.ROOT)).matches()) {
        notes.add(
            where
                + ": BLOBs of "
                + p.minBlobLength()
                + " bytes, migrated as vector("
                + dimensions
                + ") (float32)");
        return column.withTarget(TargetType.VECTOR, "vector(" + dimensions + ")", null);
      }
      notes.add(
          where
              + ": every BLOB is "
              + p.minBlobLength()
              + " bytes; if they are float32 vectors, declare `type: vector("
              + dimensions
              + ")` for this column in the plan");
    }
    return column;
  }

  private static boolean within(ColumnProfile p, long min, long max) {
    return p.minInteger() >= min && p.maxInteger() < max;
  }
}
