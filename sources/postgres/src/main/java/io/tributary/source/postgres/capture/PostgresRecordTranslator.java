package io.tributary.source.postgres.capture;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.capture.pgoutput.LogicalMessages;
import io.tributary.capture.pgoutput.PgoutputValueEncoder;
import io.tributary.capture.pgoutput.UnavailableValueException;
import io.tributary.common.catalog.ColumnDef;
import io.tributary.common.catalog.TableDef;
import io.tributary.common.event.ChangeEvent;
import io.tributary.common.event.ChangeEventCodec;
import io.tributary.common.event.SourceInfo;
import io.tributary.common.event.SourcePosition;
import io.tributary.common.event.Topics;
import io.tributary.source.spi.capture.FenceMarkers;
import io.tributary.source.spi.capture.RecordTranslator;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.ToIntFunction;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the records of Debezium's PostgreSQL connector into Tributary's envelope on the table
 * topics recorded at provisioning: values encoded by {@link PgoutputValueEncoder}, the key built
 * from the recorded row identity, {@code source.pos} the LSN. An update that changes the key
 * becomes a delete of the old key and a create of the new one; for a table identified by its whole
 * rows ({@link io.tributary.common.catalog.RowIdentity#WHOLE_ROW}) every update that changes a
 * value does, and all its records go to partition 0. Heartbeats publish nothing.
 *
 * <p>Debezium only streams: the snapshot is read by {@link
 * io.tributary.source.postgres.capture.snapshot.ParallelSnapshotStep} before it starts, which tells
 * this translator its generation ({@link #snapshotTaken}); every record carries it in the header
 * {@link Topics#GENERATION_HEADER}.
 *
 * <p>A row whose value cannot be encoded is published with the header {@link
 * io.tributary.common.event.Topics#REJECT_HEADER} naming the reason and the row as Debezium gave
 * it; apply records it as rejected.
 */
public final class PostgresRecordTranslator implements RecordTranslator {
  private static final Logger LOG = LoggerFactory.getLogger(PostgresRecordTranslator.class);

  /** Receives the fences once Kafka acknowledged them. */
  public interface FenceListener {
    /**
     * A fence of this source was published on every partition of every table topic.
     *
     * @param fence the fence id
     * @param offsets {@code topic} to partition to the offset of the marker
     */
    void fencePublished(long fence, Map<String, Map<Integer, Long>> offsets);
  }

  private final String migration;
  private final String source;
  private final Map<String, TableDef> tables = new LinkedHashMap<>();
  private final FenceListener listener;
  private final Set<String> unknown = new HashSet<>();
  private long generation;
  private byte[] generationHeader;

  /** The position of the last change record published, for the ranks of the next ones. */
  private SourcePosition lastPosition;

  private final ToIntFunction<String> partitions;

  /**
   * @param generation the source's current snapshot generation (recorded in the control schema); a
   *     snapshot read before streaming moves it on ({@link #snapshotTaken})
   * @param partitions the number of partitions of a topic (fence and reset markers go to every one)
   */
  public PostgresRecordTranslator(
      String migration,
      String source,
      List<TableDef> tables,
      long generation,
      FenceListener listener,
      ToIntFunction<String> partitions) {
    this.partitions = partitions;
    setGeneration(generation);
    this.migration = migration;
    this.source = source;
    tables.forEach(t -> this.tables.put(id(t.sourceSchema(), t.sourceTable()), t));
    this.listener = listener;
  }

  /** The snapshot read before streaming is complete, in generation {@code generation}. */
  public void snapshotTaken(long generation) {
    setGeneration(generation);
  }

  @Override
  public Translation translate(SourceRecord record) {
    if (!(record.value() instanceof Struct value) || value.schema().field("op") == null) {
      return Translation.NOTHING;
    }
    if (value.schema().field("message") != null) {
      Translation fence = fence(value.getStruct("message"));
      if (fence != null) {
        return fence;
      }
      // a logical decoding message of another prefix or migration: nothing to publish
      return Translation.NOTHING;
    }
    Struct sourceInfo = value.getStruct("source");
    String schema = sourceInfo.getString("schema");
    String name = sourceInfo.getString("table");
    TableDef table = tables.get(id(schema, name));
    if (table == null) {
      if (unknown.add(id(schema, name))) {
        LOG.warn(
            "Capture of {}/{} got changes of {}.{}, which is not in its catalog; they are not"
                + " published",
            migration,
            source,
            schema,
            name);
      }
      return Translation.NOTHING;
    }
    String op = value.getString("op");
    List<ProducerRecord<String, byte[]>> out;
    try {
      out = events(table, value, op, sourceInfo);
    } catch (RuntimeException e) {
      out = List.of(rejected(table, record, value, e.getMessage()));
      LOG.warn(
          "A change of {} could not be encoded and is published as rejected: {}",
          table.qualifiedSourceName(),
          e.getMessage());
    }
    position(out, sourceInfo);
    return new Translation(out, m -> {});
  }

  /**
   * Gives a change's records their {@link SourcePosition}: the snapshot generation, Debezium's
   * {@code sequence} (the last commit's LSN, the change's LSN) and their rank among the records at
   * that sequence (the rows of one {@code COPY} page share an LSN; a key change is two records).
   * Debezium resumes at the first change of an LSN (see {@link PostgresResumeSafety}), so the ranks
   * of records published again are the ones they had.
   */
  private void position(List<ProducerRecord<String, byte[]>> out, Struct sourceInfo) {
    long[] sequence = DebeziumSequence.lsns(sourceInfo);
    SourcePosition at = new SourcePosition(generation, sequence[0], sequence[1], 0);
    for (ProducerRecord<String, byte[]> record : out) {
      if (at.sameChange(lastPosition)) {
        at = lastPosition.next();
      }
      record.headers().add(new RecordHeader(Topics.POSITION_HEADER, at.header()));
      lastPosition = at;
    }
  }

  private void setGeneration(long generation) {
    this.generation = generation;
    this.generationHeader = Long.toString(generation).getBytes(StandardCharsets.UTF_8);
  }

  /**
   * A fence message of this source: a marker on every partition of every table topic, reported with
   * its offsets once acknowledged. Null for any other message.
   */
  private Translation fence(Struct message) {
    if (message == null
        || !PostgresCaptureStatementBuilder.MESSAGE_PREFIX.equals(message.getString("prefix"))) {
      return null;
    }
    JsonNode content =
        LogicalMessages.content(message, PostgresCaptureStatementBuilder.MESSAGE_PREFIX)
            .orElse(null);
    if (content == null) {
      LOG.warn("Capture of {}/{} ignores a malformed fence message", migration, source);
      return null;
    }
    if (!migration.equals(content.path("migration").asText())
        || !source.equals(content.path("source").asText())
        || !content.path("fence").canConvertToLong()) {
      return null;
    }
    long id = content.path("fence").asLong();
    List<ProducerRecord<String, byte[]>> markers =
        FenceMarkers.of(
            id,
            migration,
            source,
            tables.values().stream().map(TableDef::topic).toList(),
            partitions);
    return new Translation(
        markers,
        acknowledged -> {
          Map<String, Map<Integer, Long>> offsets = new TreeMap<>();
          for (RecordMetadata m : acknowledged) {
            offsets.computeIfAbsent(m.topic(), t -> new TreeMap<>()).put(m.partition(), m.offset());
          }
          listener.fencePublished(id, offsets);
        });
  }

  private List<ProducerRecord<String, byte[]>> events(
      TableDef table, Struct value, String op, Struct sourceInfo) {
    Struct before = value.getStruct("before");
    Struct after = value.getStruct("after");
    Long lsn = sourceInfo.getInt64("lsn");
    Long tsMs = sourceInfo.getInt64("ts_ms");
    SourceInfo info =
        new SourceInfo(
            "postgresql",
            migration + "." + source,
            sourceInfo.getString("db"),
            table.sourceSchema(),
            table.sourceTable(),
            "false",
            lsn == null ? 0 : lsn,
            tsMs == null ? 0 : tsMs);
    long now = System.currentTimeMillis();
    return switch (op) {
      case "c" ->
          List.of(
              record(
                  table,
                  key(table, after, null),
                  ChangeEvent.insert(row(table, after, null), info, now)));
      case "u" -> {
        if (table.wholeRow() && before == null) {
          throw new IllegalArgumentException(
              "the update of a table identified by its whole rows carries no old row: its replica"
                  + " identity is not FULL");
        }
        ObjectNode newKey = key(table, after, before);
        ObjectNode oldKey = before == null ? null : key(table, before, null);
        if (oldKey != null && !oldKey.equals(newKey)) {
          yield List.of(
              record(table, oldKey, ChangeEvent.delete(oldKey, info, now)),
              record(table, newKey, ChangeEvent.insert(row(table, after, before), info, now)));
        }
        if (table.wholeRow()) {
          yield List.of(); // every value as it was: the multiset of rows is unchanged
        }
        yield List.of(
            record(table, newKey, ChangeEvent.update(null, row(table, after, before), info, now)));
      }
      case "d" -> {
        ObjectNode oldKey = key(table, before, null);
        yield List.of(record(table, oldKey, ChangeEvent.delete(oldKey, info, now)));
      }
      default -> throw new IllegalArgumentException("unexpected operation '" + op + "'");
    };
  }

  /**
   * A change event's record. Those of a table identified by its whole rows all go to partition 0,
   * so apply sees them in the source's order (their keys, the rows, would spread them out).
   */
  private ProducerRecord<String, byte[]> record(TableDef table, ObjectNode key, ChangeEvent event) {
    ProducerRecord<String, byte[]> out =
        new ProducerRecord<>(
            table.topic(),
            table.wholeRow() ? 0 : null,
            ChangeEventCodec.encodeKey(key),
            ChangeEventCodec.encode(event));
    out.headers().add(new RecordHeader(Topics.GENERATION_HEADER, generationHeader));
    return out;
  }

  /**
   * A row's values. An out-of-line value an update left unchanged is not in the new row (Debezium's
   * placeholder); with replica identity {@code FULL} the old row has it, and it is taken from
   * there.
   *
   * @param old the old row of an update, null for others
   */
  private static ObjectNode row(TableDef table, Struct struct, Struct old) {
    if (struct == null) {
      throw new IllegalArgumentException("the event has no row");
    }
    ObjectNode node = ChangeEventCodec.MAPPER.createObjectNode();
    for (ColumnDef column : table.columns()) {
      Field field = struct.schema().field(column.name());
      if (field != null) {
        node.set(column.name(), encode(struct, field, column, old));
      }
    }
    return node;
  }

  /**
   * The values of a row's identity columns ({@link TableDef#identityColumns()}: its key, or every
   * column of a table identified by its whole rows).
   *
   * @param old the old row of an update, null for others
   */
  private static ObjectNode key(TableDef table, Struct struct, Struct old) {
    if (struct == null) {
      throw new IllegalArgumentException("the event has no row to take the key from");
    }
    ObjectNode node = ChangeEventCodec.MAPPER.createObjectNode();
    for (ColumnDef column : table.identityColumns()) {
      Field field = struct.schema().field(column.name());
      if (field == null) {
        throw new IllegalArgumentException("the event lacks key column " + column.name());
      }
      node.set(column.name(), encode(struct, field, column, old));
    }
    return node;
  }

  private static JsonNode encode(Struct struct, Field field, ColumnDef column, Struct old) {
    try {
      return PgoutputValueEncoder.encode(struct.get(field), field.schema(), column);
    } catch (UnavailableValueException e) {
      Field before = old == null ? null : old.schema().field(field.name());
      if (before != null) {
        return encode(old, before, column, null);
      }
      throw e;
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "column " + column.name() + " (" + column.sourceType() + "): " + e.getMessage(), e);
    }
  }

  private ProducerRecord<String, byte[]> rejected(
      TableDef table, SourceRecord record, Struct value, String reason) {
    String key = record.key() == null ? null : record.key().toString();
    ProducerRecord<String, byte[]> out =
        new ProducerRecord<>(
            table.topic(),
            table.wholeRow() ? 0 : null,
            key,
            value.toString().getBytes(StandardCharsets.UTF_8));
    out.headers()
        .add(new RecordHeader(Topics.REJECT_HEADER, reason.getBytes(StandardCharsets.UTF_8)));
    out.headers().add(new RecordHeader(Topics.GENERATION_HEADER, generationHeader));
    return out;
  }

  private static String id(String schema, String table) {
    return schema + '\0' + table;
  }
}
