package io.tributary.source.spi.writeback;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.common.catalog.ColumnDef;
import io.tributary.common.catalog.TableDef;
import io.tributary.common.event.Op;
import io.tributary.common.value.ValueCastException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Maps a target change onto its source table, for every kind of source: each column of the {@link
 * TableDef} takes the target's value by its target name and goes under its source name; target
 * columns the table does not record (the plan's added columns) are left out; a column the change
 * does not carry (a large value an update left unchanged) is left out of the write, so the source
 * keeps it; keys the migration made up get their originals back ({@link KeyOriginals}). What the
 * values become in the source is each kind's business ({@link SourceValue}).
 */
public final class ReverseRowMapper {
  private final KeyOriginals originals;

  public ReverseRowMapper(KeyOriginals originals) {
    this.originals = originals;
  }

  /**
   * The change in its source's terms.
   *
   * @throws ValueCastException when the change cannot be mapped (no key to find the row by, a key
   *     that is not a uuid where one is expected), saying why
   * @throws SQLException when the originals of keys cannot be read from the source
   */
  public SourceChange map(ReverseChange change) throws SQLException {
    TableDef table = change.table();
    Op op = change.op();
    if (op != Op.CREATE && op != Op.UPDATE && op != Op.DELETE) {
      throw new ValueCastException("a change '" + op.code() + "' is not written back");
    }
    List<SourceValue> after = op == Op.DELETE ? List.of() : row(table, change.after());
    if (table.wholeRow()) {
      List<SourceValue> identity = op == Op.CREATE ? List.of() : row(table, change.before());
      if (op != Op.CREATE && identity.isEmpty()) {
        throw new ValueCastException(
            "the change carries no old row to find the row of "
                + table.qualifiedSourceName()
                + " by (its target table's replica identity must be FULL)");
      }
      return new SourceChange(change, identity, after, false);
    }
    List<ColumnDef> key = table.keyColumns();
    if (key.isEmpty()) {
      throw new ValueCastException(
          "table " + table.qualifiedSourceName() + " has no key columns recorded");
    }
    Map<String, JsonNode> before = change.before();
    boolean beforeHasKey = key.stream().allMatch(c -> before.containsKey(c.targetName()));
    boolean keyChanged =
        op == Op.UPDATE
            && beforeHasKey
            && key.stream()
                .anyMatch(
                    c ->
                        change.after().containsKey(c.targetName())
                            && !Objects.equals(
                                before.get(c.targetName()), change.after().get(c.targetName())));
    List<SourceValue> identity = new ArrayList<>(key.size());
    for (ColumnDef column : key) {
      String name = column.targetName();
      if (beforeHasKey && op != Op.CREATE) {
        identity.add(value(table, column, before.get(name)));
      } else if (change.after().containsKey(name)) {
        identity.add(
            after.stream()
                .filter(v -> v.column().name().equals(column.name()))
                .findFirst()
                .orElseThrow());
      } else {
        throw new ValueCastException(
            "the change carries no value of key column '"
                + name
                + "' to find the row of "
                + table.qualifiedSourceName()
                + " by");
      }
    }
    if (op != Op.DELETE && !keyChanged) {
      // an update that leaves the key carries it in full in its new row
      List<SourceValue> completed = new ArrayList<>(after);
      for (SourceValue k : identity) {
        if (completed.stream().noneMatch(v -> v.column().name().equals(k.column().name()))) {
          completed.add(k);
        }
      }
      after = inSourceOrder(table, completed);
    }
    return new SourceChange(change, identity, after, keyChanged);
  }

  /** The columns of the table a target row carries, in source order. */
  private List<SourceValue> row(TableDef table, Map<String, JsonNode> values) throws SQLException {
    List<SourceValue> row = new ArrayList<>(values.size());
    for (ColumnDef column : table.columns()) {
      if (values.containsKey(column.targetName())) {
        row.add(value(table, column, values.get(column.targetName())));
      }
    }
    return row;
  }

  private SourceValue value(TableDef table, ColumnDef column, JsonNode target) throws SQLException {
    if (!originals.restores(table, column)) {
      return new SourceValue(column, target, null);
    }
    try {
      return new SourceValue(column, target, originals.restore(table, column, target).orElse(null));
    } catch (ValueCastException e) {
      throw new ValueCastException("column '" + column.targetName() + "': " + e.getMessage());
    }
  }

  private static List<SourceValue> inSourceOrder(TableDef table, List<SourceValue> values) {
    List<SourceValue> ordered = new ArrayList<>(values.size());
    for (ColumnDef column : table.columns()) {
      values.stream()
          .filter(v -> v.column().name().equals(column.name()))
          .findFirst()
          .ifPresent(ordered::add);
    }
    return ordered;
  }
}
