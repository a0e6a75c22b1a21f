package io.tributary.validator.diff;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.common.catalog.ColumnDef;
import io.tributary.common.catalog.TableDef;
import io.tributary.common.event.ChangeEventCodec;
import io.tributary.common.value.ValueCodec;
import io.tributary.validator.diff.CollectingSink.Collected;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Compares the rows both sides collected from the same ranges, key by key and column by column:
 * missing, extra and differing rows, with the differing columns named, listed in range and key
 * order.
 */
final class RowComparer {
  private final List<ColumnDef> columns;
  private final int maxListed;

  /**
   * @param maxListed the most differences listed in all (all are counted)
   */
  RowComparer(TableDef table, int maxListed) {
    this.columns = table.columns();
    this.maxListed = maxListed;
  }

  /** How many rows of each kind differ. */
  record Counts(long missing, long extra, long differing) {}

  /**
   * Compares the collected rows, taking the target's matched rows out of it, and adds the
   * differences to {@code listed} while it holds fewer than the most listed.
   */
  Counts compare(CollectingSink source, CollectingSink target, List<Difference> listed) {
    record Found(int range, String key, Difference difference) {}
    List<Found> found = new ArrayList<>();
    long missing = 0;
    long differing = 0;
    long extra = 0;
    for (Map.Entry<String, Collected> entry : source.rows().entrySet()) {
      Collected s = entry.getValue();
      Collected t = target.rows().remove(entry.getKey());
      if (t != null && s.copies != t.copies) {
        // equal rows of a table identified by its whole rows, held more often on one side
        boolean fewer = t.copies < s.copies;
        long by = Math.abs(s.copies - t.copies);
        if (fewer) {
          missing += by;
        } else {
          extra += by;
        }
        found.add(
            new Found(
                s.range,
                entry.getKey(),
                new Difference(
                    fewer ? DifferenceKind.MISSING : DifferenceKind.EXTRA,
                    key(source.keyIndexes(), s.values),
                    null,
                    fewer ? values(s.values, null) : null,
                    fewer ? null : values(t.values, null),
                    "the source holds this row "
                        + times(s.copies)
                        + ", the target "
                        + times(t.copies))));
        continue;
      }
      if (t == null) {
        missing += s.copies;
        found.add(
            new Found(
                s.range,
                entry.getKey(),
                new Difference(
                    DifferenceKind.MISSING,
                    key(source.keyIndexes(), s.values),
                    null,
                    values(s.values, null),
                    null,
                    null)));
        continue;
      }
      List<Integer> differ = new ArrayList<>();
      for (int c = 0; c < s.columnHashes.length; c++) {
        if (s.columnHashes[c] != t.columnHashes[c]) {
          differ.add(c);
        }
      }
      if (!differ.isEmpty()) {
        differing++;
        found.add(
            new Found(
                s.range,
                entry.getKey(),
                new Difference(
                    DifferenceKind.DIFFERING,
                    key(source.keyIndexes(), s.values),
                    differ.stream().map(c -> columns.get(c).targetName()).toList(),
                    values(s.values, differ),
                    values(t.values, differ),
                    null)));
      }
    }
    for (Map.Entry<String, Collected> entry : target.rows().entrySet()) {
      Collected t = entry.getValue();
      extra += t.copies;
      found.add(
          new Found(
              t.range,
              entry.getKey(),
              new Difference(
                  DifferenceKind.EXTRA,
                  key(target.keyIndexes(), t.values),
                  null,
                  null,
                  values(t.values, null),
                  null)));
    }
    found.sort(Comparator.comparingInt(Found::range).thenComparing(Found::key));
    for (Found f : found) {
      if (listed.size() >= maxListed) {
        break;
      }
      listed.add(f.difference);
    }
    return new Counts(missing, extra, differing);
  }

  private static String times(long n) {
    return n == 1 ? "once" : n == 2 ? "twice" : n + " times";
  }

  private ObjectNode key(int[] keyIndexes, List<Object> values) {
    ObjectNode node = ChangeEventCodec.MAPPER.createObjectNode();
    for (int i : keyIndexes) {
      node.set(columns.get(i).targetName(), ValueCodec.toJson(values.get(i)));
    }
    return node;
  }

  private ObjectNode values(List<Object> values, List<Integer> only) {
    ObjectNode node = ChangeEventCodec.MAPPER.createObjectNode();
    if (only == null) {
      for (int i = 0; i < columns.size(); i++) {
        node.set(columns.get(i).targetName(), ValueCodec.toJson(values.get(i)));
      }
    } else {
      for (int i : only) {
        node.set(columns.get(i).targetName(), ValueCodec.toJson(values.get(i)));
      }
    }
    return node;
  }
}
