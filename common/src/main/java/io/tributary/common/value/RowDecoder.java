package io.tributary.common.value;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.common.catalog.ColumnDef;
import io.tributary.common.catalog.TableDef;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Turns an envelope row into the typed values of its target columns, through the casting rules
 * ({@link SourceCasts}: key remapping, lenient timestamps and numbers, the column's invalid-value
 * policy).
 */
public final class RowDecoder {
  private RowDecoder() {}

  /**
   * Values of every column, in catalog order.
   *
   * @throws ValueCastException naming the column whose value does not fit
   */
  public static Object[] row(TableDef table, ObjectNode after) {
    return values(table.columns(), after, table);
  }

  /**
   * Values of every column, in catalog order, from each column's node (apply's {@code
   * EnvelopeReader}).
   *
   * @param nodes the node of each column, in catalog order (null for a column the row lacks)
   * @throws ValueCastException naming the column whose value does not fit
   */
  public static Object[] row(TableDef table, JsonNode[] nodes) {
    return values(table.columns(), i -> nodes[i], table);
  }

  /**
   * Values of every column, in catalog order, from the source's own values (as its driver returns
   * them, in catalog order): cast exactly as apply casts the envelope capture would print of them
   * ({@link EnvelopeJson#node}), with the same reasons. Capture casts snapshot rows into chunks
   * this way without printing or parsing them; {@code RowDecoderParityTest} holds the two paths to
   * the same values and reasons.
   *
   * @throws ValueCastException naming the column whose value does not fit
   */
  public static Object[] fromSource(TableDef table, Object[] source) {
    List<ColumnDef> columns = table.columns();
    if (source.length != columns.size()) {
      throw new IllegalArgumentException(
          table.qualifiedSourceName()
              + " has "
              + columns.size()
              + " columns, not the "
              + source.length
              + " values read");
    }
    Object[] values = new Object[columns.size()];
    for (int i = 0; i < values.length; i++) {
      ColumnDef column = columns.get(i);
      try {
        values[i] = SourceCasts.decodeSource(source[i], column);
      } catch (ValueCastException e) {
        throw failed(column, e);
      }
      requireKey(values[i], column);
    }
    return values;
  }

  /** Values of the key columns, in key order, from a delete's {@code before}. */
  public static Object[] key(TableDef table, ObjectNode before) {
    return values(table.keyColumns(), before, table);
  }

  /**
   * Values of the identity columns ({@link TableDef#identityColumns()}), from a delete's {@code
   * before}: the key, or every column of a table identified by its whole rows.
   */
  public static Object[] identity(TableDef table, ObjectNode before) {
    return values(table.identityColumns(), before, table);
  }

  private static Object[] values(List<ColumnDef> columns, ObjectNode row, TableDef table) {
    if (row == null) {
      throw new ValueCastException(
          "the change event carries no row for " + table.qualifiedSourceName());
    }
    return values(columns, i -> row.get(columns.get(i).name()), table);
  }

  /**
   * @param nodes the node of the column at each place of {@code columns}
   */
  private static Object[] values(
      List<ColumnDef> columns, IntFunction<JsonNode> nodes, TableDef table) {
    Object[] values = new Object[columns.size()];
    for (int i = 0; i < values.length; i++) {
      ColumnDef column = columns.get(i);
      JsonNode node = nodes.apply(i);
      try {
        values[i] = SourceCasts.decode(node, column);
      } catch (ValueCastException e) {
        throw failed(column, e);
      }
      requireKey(values[i], column);
    }
    return values;
  }

  private static ValueCastException failed(ColumnDef column, ValueCastException e) {
    return new ValueCastException(
        "column " + column.name() + " (" + column.targetSql() + "): " + e.getMessage());
  }

  private static void requireKey(Object value, ColumnDef column) {
    if (value == null && column.keyPosition() > 0) {
      throw new ValueCastException("key column " + column.name() + " is NULL");
    }
  }
}
