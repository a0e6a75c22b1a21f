package io.tributary.source.postgres.capture;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.common.event.ChangeEventCodec;
import java.io.IOException;
import org.apache.kafka.connect.data.Struct;

/** The two LSNs of a change's position, read from Debezium's source info ({@link #lsns}). */
final class DebeziumSequence {
  private DebeziumSequence() {}

  /**
   * Debezium's {@code sequence}, {@code ["<last commit LSN>","<LSN>"]} (either may be null): the
   * two LSNs; the event's {@code lsn} when there is no sequence. A missing last commit — the first
   * transaction of an engine that started without stored offsets, as the stream-only capture after
   * a fallback does — is taken as the change's own LSN: it lies after every commit before the
   * change and before the change's own commit, which the next transactions name, so positions still
   * grow. As 0 it sorted below every position applied before, and apply skipped that transaction as
   * applied already (PgBouncerCutoverIT lost the first write after a fallback).
   */
  static long[] lsns(Struct sourceInfo) {
    long[] out = read(sourceInfo);
    if (out[0] == 0) {
      out[0] = out[1];
    }
    return out;
  }

  /** The last commit's LSN and the change's, 0 for a missing one. */
  private static long[] read(Struct sourceInfo) {
    Long lsn = sourceInfo.schema().field("lsn") == null ? null : sourceInfo.getInt64("lsn");
    long[] out = {0, lsn == null ? 0 : lsn};
    if (sourceInfo.schema().field("sequence") == null) {
      return out;
    }
    String sequence = sourceInfo.getString("sequence");
    if (sequence == null) {
      return out;
    }
    try {
      JsonNode parts = ChangeEventCodec.MAPPER.readTree(sequence);
      if (parts.isArray() && parts.size() == 2) {
        out[0] = parts.get(0).isNull() ? 0 : Long.parseLong(parts.get(0).asText());
        out[1] = parts.get(1).isNull() ? out[1] : Long.parseLong(parts.get(1).asText());
      }
    } catch (IOException | NumberFormatException e) {
      throw new IllegalStateException("Debezium's sequence is not two LSNs: '" + sequence + "'", e);
    }
    return out;
  }
}
