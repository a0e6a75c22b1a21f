package io.tributary.validator.changes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.common.catalog.ColumnDef;
import io.tributary.common.catalog.TableDef;
import io.tributary.common.event.ChangeEventCodec;
import io.tributary.common.sql.TargetType;
import java.util.List;
import java.util.Set;

/**
 * Looking rows up by the keys of their changes: which tables allow it, and the one statement
 * parameter that carries the keys, a JSON array of keys, each an array of its key columns' values
 * in key order as capture wrote them ({@code [[7], [8]]}, {@code [[1, "a"], [1, "b"]]}). The
 * statements that read it are the side's own (SQLite's {@code json_each}, PostgreSQL's {@code
 * jsonb_array_elements}).
 *
 * <p>A table qualifies when it has a primary key (not identified by its whole rows), no key column
 * is remapped, and every key column is of a type whose capture JSON is the value itself: integers
 * and text on every side, and UUIDs where PostgreSQL casts the text. Other tables are compared
 * whole.
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
        return "key column " + c.name() + " is remapped";
      }
      if (!types.contains(c.targetType())) {
        return "key column " + c.name() + " is " + c.targetType().sql();
      }
    }
    return null;
  }

  /** The keys as the statements' one parameter; a key missing a key column is left out. */
  public static String parameter(TableDef table, List<ObjectNode> keys) {
    List<ColumnDef> columns = table.keyColumns();
    ArrayNode all = ChangeEventCodec.MAPPER.createArrayNode();
    for (ObjectNode key : keys) {
      ArrayNode values = all.addArray();
      for (ColumnDef c : columns) {
        JsonNode value = key.get(c.name());
        if (value == null) {
          all.remove(all.size() - 1);
          break;
        }
        values.add(value);
      }
    }
    return all.toString();
  }
}
