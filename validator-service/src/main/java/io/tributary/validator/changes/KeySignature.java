package io.tributary.validator.changes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.common.catalog.ColumnDef;
import io.tributary.common.catalog.TableDef;
import io.tributary.source.spi.validate.KeyLookup;
import java.util.List;

/**
 * One text per row key, the same for the key a change event carries (source column names) and the
 * key a comparison lists (target column names): the key columns' JSON values in key order, a
 * remapped column's as the target holds it (its uuid5), a uuid's in its canonical spelling. JSON
 * text is compared, not JSON nodes, so that {@code 7} read as an int and as a long are one key.
 */
public final class KeySignature {
  private KeySignature() {}

  /** The signature of a key named by source columns, as capture writes it; null if incomplete. */
  public static String ofSourceKey(TableDef table, ObjectNode key) {
    return of(table, key, true);
  }

  /**
   * The signature of a key named by target columns, as a comparison lists it; null if incomplete.
   */
  public static String ofTargetKey(TableDef table, ObjectNode key) {
    return of(table, key, false);
  }

  /**
   * The signature of a listed difference's key: by target names, or by source names for a row
   * listed from the source side only (one it could not decode); null if incomplete.
   */
  public static String ofDifferenceKey(TableDef table, ObjectNode key) {
    String signature = ofTargetKey(table, key);
    return signature != null ? signature : ofSourceKey(table, key);
  }

  private static String of(TableDef table, ObjectNode key, boolean sourceNames) {
    if (key == null) {
      return null;
    }
    List<ColumnDef> columns = table.identityColumns();
    StringBuilder out = new StringBuilder();
    for (ColumnDef c : columns) {
      JsonNode value =
          sourceNames ? KeyLookup.asTarget(key.get(c.name()), c) : key.get(c.targetName());
      if (value == null) {
        return null;
      }
      out.append(value).append('\u0000');
    }
    return out.toString();
  }
}
