package io.tributary.cdc.apply;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.common.catalog.TableDef;
import io.tributary.common.event.ChangeEvent;
import io.tributary.common.event.ChangeEventCodec;
import io.tributary.common.event.Op;
import io.tributary.common.event.SourcePosition;
import io.tributary.common.event.Topics;
import io.tributary.common.value.RowDecoder;
import io.tributary.common.value.ValueCastException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.jboss.logging.Logger;

/**
 * Decodes one poll into the batch its transactions write ({@link DecodedBatch}): records grouped
 * per table, reduced to the last change per key, cast to target values; control records (fences,
 * reset markers) read; undecodable records and rows that do not fit their columns turned into
 * rejects. Touches neither Kafka nor the database (the consumer's thread decodes the next poll
 * while the one before is written), so it is tested on records alone.
 */
final class RecordDecoder {
  private static final Logger LOG = Logger.getLogger(RecordDecoder.class);

  private static final Comparator<TopicPartition> TOPIC_PARTITION_ORDER =
      Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition);

  private final Function<String, AppliedTable> tables;
  private final Set<String> unknownTopics = ConcurrentHashMap.newKeySet();
  private final Map<String, EnvelopeReader> readers = new ConcurrentHashMap<>();
  private final AppliedPositions applied = new AppliedPositions();

  /**
   * @param tables the table of a topic, null when none is recorded
   */
  RecordDecoder(Function<String, AppliedTable> tables) {
    this.tables = tables;
  }

  /**
   * The positions of the changes taken so far, restored from the control schema when the consumer
   * seeks to the stored offsets.
   */
  AppliedPositions applied() {
    return applied;
  }

  DecodedBatch decode(ConsumerRecords<String, byte[]> records) {
    Map<TopicPartition, Long> first = new HashMap<>();
    Map<TopicPartition, Long> next = new HashMap<>();
    Map<TopicPartition, Long> positions = new HashMap<>();
    Map<TopicPartition, SourcePosition> taken = new HashMap<>();
    Map<TopicPartition, Integer> skipped = new TreeMap<>(TOPIC_PARTITION_ORDER);
    Map<String, List<ChangeRecord>> byTopic = new LinkedHashMap<>();
    Map<String, AppliedTable> tableOf = new HashMap<>();
    List<Reject> rejects = new ArrayList<>();
    Map<AppliedTable, Long> resets = new LinkedHashMap<>();
    SnapshotRecords snapshot = new SnapshotRecords();
    for (ConsumerRecord<String, byte[]> r : records) {
      TopicPartition tp = new TopicPartition(r.topic(), r.partition());
      first.putIfAbsent(tp, r.offset());
      next.put(tp, r.offset() + 1);
      if (Topics.isSnapshotTopic(r.topic())) {
        AppliedTable table = r.key() == null ? null : tables.apply(r.key());
        if (table == null) {
          unknown(r.topic() + " (key " + r.key() + ")", r.offset());
        } else {
          snapshot.add(r, table);
        }
        continue;
      }
      AppliedTable table = tables.apply(r.topic());
      if (table == null) {
        unknown(r.topic(), r.offset());
        continue;
      }
      tableOf.put(r.topic(), table);
      TributaryHeaders headers = TributaryHeaders.of(r);
      if (headers.fence != null) {
        // a fence: nothing to write; its offset is stored with the batch like any other
        continue;
      }
      long generation;
      try {
        if (headers.reset != null) {
          resets.merge(table, headerNumber(headers.reset), Math::max);
          continue;
        }
        generation = headers.generation == null ? 0 : headerNumber(headers.generation);
      } catch (NumberFormatException e) {
        rejects.add(Reject.of(table, raw(r, 0), e.getMessage()));
        continue;
      }
      if (headers.position != null) {
        SourcePosition at;
        try {
          at = SourcePosition.parse(headers.position.value());
        } catch (IllegalArgumentException e) {
          rejects.add(Reject.of(table, raw(r, generation), e.getMessage()));
          continue;
        }
        if (!applied.take(tp, at)) {
          skipped.merge(tp, 1, Integer::sum);
          continue;
        }
        taken.put(tp, at);
      }
      Header refused = headers.reject;
      if (refused != null) {
        rejects.add(
            Reject.of(
                table,
                raw(r, generation),
                "capture could not encode this change: "
                    + new String(refused.value(), StandardCharsets.UTF_8)));
        continue;
      }
      try {
        ChangeRecord record = decode(r, table, generation);
        if (record.event().source() != null) {
          positions.merge(tp, record.event().source().pos(), Math::max);
        }
        byTopic.computeIfAbsent(r.topic(), t -> new ArrayList<>()).add(record);
      } catch (RuntimeException e) {
        rejects.add(Reject.of(table, raw(r, generation), "not a change event: " + e.getMessage()));
      }
    }
    List<TableWork> work = new ArrayList<>();
    for (Map.Entry<String, List<ChangeRecord>> entry : byTopic.entrySet()) {
      work.add(prepare(tableOf.get(entry.getKey()), entry.getValue(), rejects));
    }
    if (!skipped.isEmpty()) {
      LOG.infof(
          "Skipped changes applied already (published again by capture after a restart), per"
              + " partition: %s",
          skipped);
    }
    return new DecodedBatch(
        records.count(), work, resets, first, next, positions, taken, rejects, snapshot.part());
  }

  /**
   * The headers of a change record that apply reads, found in one pass over them (the last of each
   * key, as {@link org.apache.kafka.common.header.Headers#lastHeader} would find it): apply reads
   * them for every record.
   */
  private static final class TributaryHeaders {
    private Header fence;
    private Header reset;
    private Header generation;
    private Header position;
    private Header reject;

    static TributaryHeaders of(ConsumerRecord<String, byte[]> r) {
      TributaryHeaders found = new TributaryHeaders();
      for (Header header : r.headers()) {
        switch (header.key()) {
          case Topics.FENCE_HEADER -> found.fence = header;
          case Topics.RESET_HEADER -> found.reset = header;
          case Topics.GENERATION_HEADER -> found.generation = header;
          case Topics.POSITION_HEADER -> found.position = header;
          case Topics.REJECT_HEADER -> found.reject = header;
          default -> {
            // a header of someone else's: not apply's
          }
        }
      }
      return found;
    }
  }

  private void unknown(String what, long offset) {
    if (unknownTopics.add(what)) {
      LOG.warnf(
          "No table is recorded for topic %s in this target's control schema; its records are"
              + " skipped (from offset %d)",
          what, offset);
    }
  }

  /**
   * A change event's record with its row cast. A keyed table's event is read in one pass ({@link
   * EnvelopeReader}); one without a record key (its key is then made from the row) or of a table
   * identified by its whole rows (its reducer needs the rows as trees) is decoded as a tree.
   *
   * @throws RuntimeException when the value is not a change event
   */
  private ChangeRecord decode(
      ConsumerRecord<String, byte[]> r, AppliedTable table, long generation) {
    if (r.key() != null && !table.definition().wholeRow()) {
      EnvelopeReader.Read read = reader(r.topic(), table.definition()).read(r.value());
      return new ChangeRecord(
          r.topic(),
          r.partition(),
          r.offset(),
          r.key(),
          r.value(),
          read.event(),
          generation,
          read.row());
    }
    ChangeEvent event = ChangeEventCodec.decode(r.value());
    return new ChangeRecord(
        r.topic(),
        r.partition(),
        r.offset(),
        keyOf(r, event, table),
        r.value(),
        // its row, now cast, is not needed any more (rejects keep the raw value)
        event.after() == null ? event : event.withoutAfter(),
        generation,
        event.op() == Op.DELETE ? null : castRow(table, event));
  }

  /** The reader of a topic's table, made again when the catalog was reloaded. */
  private EnvelopeReader reader(String topic, TableDef definition) {
    EnvelopeReader reader = readers.get(topic);
    if (reader == null || !reader.reads(definition)) {
      reader = new EnvelopeReader(definition);
      readers.put(topic, reader);
    }
    return reader;
  }

  /** A record kept as received, without a decoded event (for a reject). */
  private static ChangeRecord raw(ConsumerRecord<String, byte[]> r, long generation) {
    return new ChangeRecord(
        r.topic(), r.partition(), r.offset(), r.key(), r.value(), null, generation);
  }

  private static TableWork prepare(
      AppliedTable table, List<ChangeRecord> records, List<Reject> rejects) {
    if (table.definition().wholeRow()) {
      return WholeRowReducer.reduce(table, records, rejects);
    }
    BatchReducer.Reduced reduced = BatchReducer.reduce(records);
    List<Object[]> upserts = new ArrayList<>();
    List<ChangeRecord> upsertRecords = new ArrayList<>();
    for (ChangeRecord record : reduced.upserts()) {
      ChangeRecord.DecodedRow row = record.row();
      if (row.error() != null) {
        rejects.add(Reject.of(table, record, row.error()));
      } else {
        upserts.add(row.values());
        upsertRecords.add(record);
      }
    }
    List<Object[]> deletes = new ArrayList<>();
    List<ChangeRecord> deleteRecords = new ArrayList<>();
    for (ChangeRecord record : reduced.deletes()) {
      try {
        ObjectNode before =
            record.event().before() != null
                ? record.event().before()
                : ChangeEventCodec.decodeKey(record.key().getBytes(StandardCharsets.UTF_8));
        deletes.add(RowDecoder.key(table.definition(), before));
        deleteRecords.add(record);
      } catch (RuntimeException e) {
        rejects.add(Reject.of(table, record, e.getMessage()));
      }
    }
    return new TableWork(table, upserts, upsertRecords, deletes, deleteRecords);
  }

  /** An upsert's row cast to its table's columns, or why it does not fit. */
  private static ChangeRecord.DecodedRow castRow(AppliedTable table, ChangeEvent event) {
    try {
      return new ChangeRecord.DecodedRow(RowDecoder.row(table.definition(), event.after()), null);
    } catch (ValueCastException e) {
      return new ChangeRecord.DecodedRow(null, e.getMessage());
    }
  }

  /** The decimal value of a generation or reset header. */
  private static long headerNumber(Header header) {
    String text = new String(header.value(), StandardCharsets.UTF_8);
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new NumberFormatException(
          "header " + header.key() + " is not a snapshot generation: '" + text + "'");
    }
  }

  private static String keyOf(
      ConsumerRecord<String, byte[]> r, ChangeEvent event, AppliedTable table) {
    if (r.key() != null) {
      return r.key();
    }
    ObjectNode row = event.op() == Op.DELETE ? event.before() : event.after();
    ObjectNode key = ChangeEventCodec.MAPPER.createObjectNode();
    table
        .definition()
        .identityColumns()
        .forEach(c -> key.set(c.name(), row == null ? null : row.get(c.name())));
    return ChangeEventCodec.encodeKey(key);
  }
}
