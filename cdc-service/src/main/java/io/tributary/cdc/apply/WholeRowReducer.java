package io.tributary.cdc.apply;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.common.event.ChangeEventCodec;
import io.tributary.common.event.Op;
import io.tributary.common.value.RowCanonicalizer;
import io.tributary.common.value.RowDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reduces one batch's records of a table identified by its whole rows ({@link
 * io.tributary.common.catalog.RowIdentity#WHOLE_ROW}) to how many copies of each distinct row to
 * add or remove. Such a table is a multiset: a create or snapshot read adds one copy of its row, a
 * delete removes one copy of its old row (capture turns an update into both). Adding and removing
 * copies commute, so the net count per distinct row is the batch's whole effect, whatever the order
 * of its records: positive counts are inserted that many times, negative ones deleted.
 *
 * <p>Rows are told apart by the canonical text of their values as cast to the target columns
 * ({@link RowCanonicalizer}), and per snapshot generation (a batch's records of a generation that a
 * reset replaced are dropped whole, {@link TableWork#from}). Every record that cannot be cast is
 * rejected: unlike a key's last write, no later record stands in for it.
 */
final class WholeRowReducer {
  private WholeRowReducer() {}

  /** A distinct row: its net count, the records that added it and the last that removed it. */
  private static final class Net {
    final Object[] values;
    final List<ChangeRecord> added = new ArrayList<>();
    ChangeRecord removed;
    int count;

    Net(Object[] values) {
      this.values = values;
    }
  }

  static TableWork reduce(AppliedTable table, List<ChangeRecord> records, List<Reject> rejects) {
    Map<String, Net> net = new LinkedHashMap<>();
    for (ChangeRecord record : records) {
      Object[] values;
      int change;
      if (record.event().op() == Op.DELETE) {
        try {
          values = RowDecoder.identity(table.definition(), oldRow(record));
        } catch (RuntimeException e) {
          rejects.add(Reject.of(table, record, e.getMessage()));
          continue;
        }
        change = -1;
      } else if (record.event().op() == Op.UPDATE) {
        rejects.add(
            Reject.of(
                table,
                record,
                "an update of a table identified by its whole rows must come as the delete of its"
                    + " old row and the insert of its new one; this one has no old row"));
        continue;
      } else {
        ChangeRecord.DecodedRow row = record.row();
        if (row.error() != null) {
          rejects.add(Reject.of(table, record, row.error()));
          continue;
        }
        values = row.values();
        change = 1;
      }
      Net entry = net.computeIfAbsent(identity(record.generation(), values), k -> new Net(values));
      entry.count += change;
      if (change > 0) {
        entry.added.add(record);
      } else {
        entry.removed = record;
      }
    }
    List<Object[]> inserts = new ArrayList<>();
    List<ChangeRecord> insertRecords = new ArrayList<>();
    List<Object[]> deletes = new ArrayList<>();
    List<ChangeRecord> deleteRecords = new ArrayList<>();
    List<Integer> deleteCounts = new ArrayList<>();
    for (Net entry : net.values()) {
      // each copy inserted is credited to a record of its own (the last ones that added it), so
      // a copy the target refuses is kept as a reject of its own record
      for (int i = entry.added.size() - entry.count; i < entry.added.size(); i++) {
        inserts.add(entry.values);
        insertRecords.add(entry.added.get(i));
      }
      if (entry.count < 0) {
        deletes.add(entry.values);
        deleteRecords.add(entry.removed);
        deleteCounts.add(-entry.count);
      }
    }
    return new TableWork(table, inserts, insertRecords, deletes, deleteRecords, deleteCounts);
  }

  private static ObjectNode oldRow(ChangeRecord record) {
    return record.event().before() != null
        ? record.event().before()
        : ChangeEventCodec.decodeKey(record.key().getBytes(StandardCharsets.UTF_8));
  }

  /** The generation and every value's canonical text: equal rows, equal text. */
  private static String identity(long generation, Object[] values) {
    StringBuilder out = new StringBuilder().append(generation).append('|');
    for (Object value : values) {
      out.append(RowCanonicalizer.canonicalValue(value));
    }
    return out.toString();
  }
}
