package io.tributary.source.spi.validate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.tributary.common.catalog.ColumnDef;
import io.tributary.common.catalog.TableDef;
import io.tributary.common.catalog.TargetType;
import io.tributary.common.event.ChangeEventCodec;
import io.tributary.common.value.SourceCasts;
import io.tributary.common.value.ValueCastException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

/**
 * Looking rows up by the keys of their changes: which tables allow it, and the one statement
 * parameter that carries the keys, a JSON array of keys, each an array of its key columns' values
 * in key order as capture wrote them ({@code [[7], [8]]}, {@code [[1, "a"], [1, "b"]]}). The
 * statements that read it are the side's own (SQLite's {@code json_each}, PostgreSQL's {@code
 * jsonb_array_elements}).
 *
 * <p>A table qualifies when it has a primary key (not identified by its whole rows) and every key
 * column is either remapped ({@code uuid5}: the source holds the captured text or number, looked up
 * as itself, the target its uuid5, looked up through {@link #targetParameter}) or of a type whose
 * capture JSON is the value itself: integers and text on every side, and UUIDs where PostgreSQL
 * casts the text. Other tables are compared whole.
 */
public final class KeyLookup {
  /** Key types every side can look up from their JSON. */
  public static final Set<TargetType> PLAIN =
      Set.of(TargetType.BIGINT, TargetType.INTEGER, TargetType.SMALLINT, TargetType.TEXT);

  /** Key types PostgreSQL can look up: the plain ones, and UUIDs cast from their text. */
  public static final Set<TargetType> POSTGRES =
      Set.of(
          TargetType.BIGINT,
          TargetType.INTEGER,
          TargetType.SMALLINT,
          TargetType.TEXT,
          TargetType.UUID);

  private KeyLookup() {}

  /** Why rows of the table cannot be looked up by key with these types, null when they can. */
  public static String unsupported(TableDef table, Set<TargetType> types) {
    if (table.wholeRow()) {
      return "its rows are identified by their whole values (no primary key)";
    }
    List<ColumnDef> key = table.keyColumns();
    if (key.isEmpty()) {
      return "it has no key columns";
    }
    for (ColumnDef c : key) {
      if (c.remap() != null) {
        continue; // text or a number as captured; its uuid5 on the target (targetParameter)
      }
      if (!types.contains(c.targetType())) {
        return "key column " + c.name() + " is " + c.targetType().sql();
      }
    }
    return null;
  }

  /**
   * Why rows of a SQLite source table cannot be looked up by key, null when they can: as {@link
   * #PLAIN} allows, and a {@code uuid} key column SQLite declares as text (seed 002's ids: UUIDs
   * kept as TEXT), whose captured value is the text as stored. (A BLOB stored in such a column
   * against its declaration would not be found: it shows as a difference, and {@code --full}
   * compares whole.)
   */
  public static String unsupportedInSqlite(TableDef table) {
    String plain = unsupported(table, PLAIN);
    if (plain == null) {
      return null;
    }
    for (ColumnDef c : table.keyColumns()) {
      boolean textUuid = c.targetType() == TargetType.UUID && textual(c.sourceType());
      if (c.remap() == null && !textUuid && !PLAIN.contains(c.targetType())) {
        return plain;
      }
    }
    return table.wholeRow() || table.keyColumns().isEmpty() ? plain : null;
  }

  /** SQLite's TEXT affinity: a declared type naming CHAR, CLOB or TEXT. */
  private static boolean textual(String declared) {
    String type = declared == null ? "" : declared.toUpperCase(Locale.ROOT);
    return type.contains("CHAR") || type.contains("CLOB") || type.contains("TEXT");
  }

  /**
   * The keys as a source's statements' one parameter, values as captured; a key missing a key
   * column is left out.
   */
  public static String parameter(TableDef table, List<ObjectNode> keys) {
    return parameter(table, keys, false);
  }

  /**
   * The keys as the target's statements' one parameter, each value as the target spells it ({@link
   * #asTarget}: a remapped column's {@code uuid5}); a key missing a key column, or with a value the
   * target's type cannot hold (no such row can be there), is left out.
   */
  public static String targetParameter(TableDef table, List<ObjectNode> keys) {
    return parameter(table, keys, true);
  }

  private static String parameter(TableDef table, List<ObjectNode> keys, boolean asTarget) {
    List<ColumnDef> columns = table.keyColumns();
    ArrayNode all = ChangeEventCodec.MAPPER.createArrayNode();
    for (ObjectNode key : keys) {
      ArrayNode values = all.addArray();
      for (ColumnDef c : columns) {
        JsonNode value = asTarget ? asTarget(key.get(c.name()), c) : key.get(c.name());
        if (value == null) {
          all.remove(all.size() - 1);
          break;
        }
        values.add(value);
      }
    }
    return all.toString();
  }

  /**
   * A key value as the target spells it: a remapped column's uuid5, a uuid in its canonical
   * lower-case form (a SQLite text key may be upper-case), any other as captured; null when missing
   * or not castable.
   */
  public static JsonNode asTarget(JsonNode value, ColumnDef column) {
    if (value == null || (column.remap() == null && column.targetType() != TargetType.UUID)) {
      return value;
    }
    try {
      JsonNode cast = SourceCasts.cast(value, column);
      if (column.targetType() == TargetType.UUID && cast != null && cast.isTextual()) {
        return TextNode.valueOf(UUID.fromString(cast.textValue().strip()).toString());
      }
      return cast;
    } catch (ValueCastException | IllegalArgumentException e) {
      return null;
    }
  }
}
