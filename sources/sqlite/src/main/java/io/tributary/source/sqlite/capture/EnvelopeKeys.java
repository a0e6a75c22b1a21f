package io.tributary.source.sqlite.capture;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.common.catalog.ColumnDef;
import io.tributary.common.catalog.TableDef;
import io.tributary.common.catalog.TargetType;
import io.tributary.common.event.ChangeEventCodec;
import io.tributary.common.value.ValueCodec;
import io.tributary.source.sqlite.catalog.SqliteTypeMapper;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * A row key as a SQLite capture published it ({@code {"id": 5}}, the source's values in the
 * envelope's encoding) back to the JDBC values that find the row in the file: integers as Long,
 * reals as Double, text as String, BLOBs (base64 in a BLOB column, {@code {"$binary": ...}}
 * elsewhere) as byte[].
 */
public final class EnvelopeKeys {
  private EnvelopeKeys() {}

  /**
   * @return the key values in key order
   * @throws IllegalArgumentException when the key is not a key of the table
   */
  public static Object[] decode(TableDef table, String rowKey) {
    JsonNode node;
    try {
      node = ChangeEventCodec.decodeKey(rowKey.getBytes(StandardCharsets.UTF_8));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("not a row key: " + e.getMessage(), e);
    }
    List<ColumnDef> key = table.keyColumns();
    Object[] values = new Object[key.size()];
    for (int i = 0; i < values.length; i++) {
      ColumnDef column = key.get(i);
      JsonNode value = node.get(column.name());
      if (value == null || value.isNull()) {
        throw new IllegalArgumentException("the key has no value for " + column.name());
      }
      if (value.isObject() && value.path(ValueCodec.BINARY_FIELD).isTextual()) {
        values[i] = Base64.getDecoder().decode(value.get(ValueCodec.BINARY_FIELD).textValue());
      } else if (value.isIntegralNumber()) {
        values[i] = value.longValue();
      } else if (value.isNumber()) {
        values[i] = value.doubleValue();
      } else if (SqliteTypeMapper.map(column.sourceType()) == TargetType.BYTEA) {
        values[i] = Base64.getDecoder().decode(value.asText());
      } else {
        values[i] = value.asText();
      }
    }
    return values;
  }

  /** The key values of a reject, or null when its key cannot be read. */
  static Object[] decodeOrNull(TableDef table, String rowKey) {
    if (rowKey == null) {
      return null;
    }
    try {
      return decode(table, rowKey);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
