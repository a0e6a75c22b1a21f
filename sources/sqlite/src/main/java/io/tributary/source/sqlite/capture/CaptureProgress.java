package io.tributary.source.sqlite.capture;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.common.event.ChangeEventCodec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * A capture progress event, as published on {@code tributary.capture}: {@code {"migration",
 * "source", "table", "event": "snapshot-complete", "rows", "chunks", "rejects", "ts_ms"}}.
 *
 * @param migration the migration
 * @param source the plan's source name
 * @param table the source table
 * @param event what happened
 * @param rows rows the table's snapshot read, rejected ones included
 * @param chunks the chunks the table's snapshot sent in its generation
 * @param rejects the rows of the table's snapshot that could not be cast (in its chunks' rejects)
 * @param fence the fence id of a {@link #FENCE} event
 */
public record CaptureProgress(
    String migration,
    String source,
    String table,
    String event,
    long rows,
    long chunks,
    long rejects,
    long fence) {
  public static final String SNAPSHOT_COMPLETE = "snapshot-complete";

  /**
   * A snapshot starts from its beginning (no table complete, none in progress): what an earlier,
   * interrupted start may have published is to be replaced, not merged with.
   */
  public static final String SNAPSHOT_STARTED = "snapshot-started";

  /**
   * One table is read again from its first row (an operator's resync) while the others stream on:
   * what the target holds of that table alone is to be replaced.
   */
  public static final String TABLE_RESYNC_STARTED = "table-resync-started";

  /** A fence read from the change log: capture publishes its markers on the table topics. */
  public static final String FENCE = "fence";

  /** Parses a progress event's JSON value (UTF-8 bytes, as published). */
  public static CaptureProgress parse(byte[] json) {
    try {
      JsonNode node = ChangeEventCodec.MAPPER.readTree(json);
      return new CaptureProgress(
          node.path("migration").asText(),
          node.path("source").asText(),
          node.path("table").asText(),
          node.path("event").asText(),
          node.path("rows").asLong(),
          node.path("chunks").asLong(),
          node.path("rejects").asLong(),
          node.path("fence").asLong());
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "not a capture progress event: " + new String(json, StandardCharsets.UTF_8), e);
    }
  }
}
