package io.tributary.common.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The end marker of a table's snapshot on the source's snapshot topic: published after Kafka
 * acknowledged every chunk of the table ({@link SnapshotChunk}), keyed like them (the table's
 * topic) so it follows them on their partition. Apply records the table's snapshot applied ({@code
 * tributary.tables.snapshot_applied_at}) in the transaction that takes it. Header {@link #HEADER}
 * carries the generation; the value says what was sent.
 *
 * @param table the table's topic (the record key)
 * @param generation the snapshot generation
 * @param chunks the chunks sent for the table in this generation
 * @param rows the rows in them
 * @param rejects the rows capture could not cast (in the chunks' rejects)
 */
public record SnapshotEnd(String table, long generation, long chunks, long rows, long rejects) {
  /** Header of an end marker: its generation. */
  public static final String HEADER = "tributary-snapshot-end";

  private static final ObjectMapper JSON = new ObjectMapper();

  /** What the record's value holds. */
  private record Counts(long chunks, long rows, long rejects) {}

  /** The record's value. */
  public byte[] value() {
    try {
      return JSON.writeValueAsBytes(new Counts(chunks, rows, rejects));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("an end marker could not be written as JSON", e);
    }
  }

  /**
   * Reads an end marker from its record.
   *
   * @param generation the value of its {@link #HEADER}
   * @throws IllegalArgumentException naming what is wrong
   */
  public static SnapshotEnd read(String key, String generation, byte[] value) {
    if (key == null) {
      throw new IllegalArgumentException("a snapshot end marker has no key (its table's topic)");
    }
    long gen;
    try {
      gen = Long.parseLong(generation);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "the snapshot end marker of " + key + " has generation '" + generation + "'", e);
    }
    try {
      Counts counts = JSON.readValue(value, Counts.class);
      return new SnapshotEnd(key, gen, counts.chunks(), counts.rows(), counts.rejects());
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException(
          "the snapshot end marker of "
              + key
              + " is not readable: "
              + (value == null ? "no value" : new String(value, StandardCharsets.UTF_8)),
          e);
    }
  }
}
