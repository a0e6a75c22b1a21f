package io.tributary.common.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.common.catalog.ColumnDef;
import io.tributary.common.catalog.TableDef;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.zip.CRC32C;

/**
 * One chunk of a table's snapshot as it travels on the source's snapshot topic ({@link
 * Topics#snapshotTopic}): the rows, already cast to the target columns, as one complete binary
 * {@code COPY} stream apply writes unchanged, and what apply needs to trust and checkpoint it, in
 * headers. The record's key is the table's topic ({@link TableDef#topic()}); its Kafka offset is
 * the chunk's checkpoint.
 *
 * <p>Headers: the snapshot generation ({@link Topics#GENERATION_HEADER}), the chunk's number in its
 * table and generation (from 1), its row count, the source position it was read at, the range it
 * covers (for the operator and for resuming), the fingerprint of the columns it was encoded for
 * (apply refuses a chunk whose fingerprint is not its table's: a plan changed under a load), the
 * CRC-32C of the value, and, when capture could not cast some rows, those rows with their reasons
 * (they become rejects in the transaction that writes the chunk).
 *
 * @param table the table's topic (the record key)
 * @param generation the snapshot generation
 * @param number the chunk's number in its table and generation, from 1
 * @param rows the rows in {@code copy}
 * @param position the source position the rows were read at (its text form)
 * @param range what of the table the chunk covers, as the source kind words it (diagnostic)
 * @param columns the fingerprint of the columns ({@link #fingerprint})
 * @param copy the rows as a complete binary {@code COPY} stream (signature, rows, trailer)
 * @param rejects the rows capture could not cast
 */
public record SnapshotChunk(
    String table,
    long generation,
    long number,
    int rows,
    String position,
    String range,
    String columns,
    byte[] copy,
    List<Reject> rejects) {

  /** Header: the chunk's number in its table and generation. */
  public static final String NUMBER_HEADER = "tributary-chunk";

  /** Header: the chunk's row count. */
  public static final String ROWS_HEADER = "tributary-chunk-rows";

  /** Header: the source position the chunk was read at. */
  public static final String POSITION_HEADER = "tributary-chunk-position";

  /** Header: the range of the table the chunk covers. */
  public static final String RANGE_HEADER = "tributary-chunk-range";

  /** Header: the fingerprint of the columns the rows were encoded for. */
  public static final String COLUMNS_HEADER = "tributary-chunk-columns";

  /** Header: the CRC-32C of the value, 8 hex digits. */
  public static final String CRC_HEADER = "tributary-chunk-crc";

  /** Header: the rows capture could not cast (JSON), absent when none. */
  public static final String REJECTS_HEADER = "tributary-chunk-rejects";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<List<Reject>> REJECTS = new TypeReference<>() {};

  public SnapshotChunk {
    rejects = List.copyOf(rejects);
  }

  /**
   * A row capture read but could not cast: it becomes a reject, with its reason, in the transaction
   * that writes its chunk.
   *
   * @param row the row's place among every row read for the chunk, rejected ones included
   * @param key the row's key as a change record of it would carry (JSON)
   * @param data the row as the source holds it (envelope JSON, cut to a bounded size)
   * @param reason why it could not be cast, as apply words a cast failure
   */
  public record Reject(int row, String key, String data, String reason) {}

  /**
   * The fingerprint of the columns a chunk's rows hold: their names and target types, in order, and
   * whether each row carries its provenance after them.
   */
  public static String fingerprint(TableDef table, boolean provenance) {
    StringBuilder text = new StringBuilder();
    for (ColumnDef column : table.columns()) {
      text.append(column.name()).append(':').append(column.targetSql()).append(',');
    }
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256")
              .digest(text.toString().getBytes(StandardCharsets.UTF_8));
      return "copy1;n="
          + table.columns().size()
          + ";p="
          + (provenance ? 1 : 0)
          + ";h="
          + HexFormat.of().formatHex(hash, 0, 4);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }

  /** The CRC-32C of a value, as the header carries it. */
  public static String crc(byte[] value) {
    CRC32C crc = new CRC32C();
    crc.update(value);
    return String.format("%08x", crc.getValue());
  }

  /** The chunk's headers, in the order they are written (the rejects only when there are any). */
  public Map<String, String> headers() {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put(Topics.GENERATION_HEADER, Long.toString(generation));
    headers.put(NUMBER_HEADER, Long.toString(number));
    headers.put(ROWS_HEADER, Integer.toString(rows));
    headers.put(POSITION_HEADER, position);
    headers.put(RANGE_HEADER, range);
    headers.put(COLUMNS_HEADER, columns);
    headers.put(CRC_HEADER, crc(copy));
    if (!rejects.isEmpty()) {
      try {
        headers.put(REJECTS_HEADER, JSON.writeValueAsString(rejects));
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("rejects of a chunk could not be written as JSON", e);
      }
    }
    return headers;
  }

  /**
   * How many rejects a chunk's {@link #REJECTS_HEADER} holds (its rows capture could not cast).
   *
   * @throws IllegalArgumentException when the header is not a JSON array
   */
  public static int rejectCount(byte[] header) {
    try {
      JsonNode rejects = JSON.readTree(header);
      if (!rejects.isArray()) {
        throw new IllegalArgumentException("the rejects header is not a JSON array");
      }
      return rejects.size();
    } catch (IOException e) {
      throw new IllegalArgumentException("the rejects header is not JSON: " + e.getMessage(), e);
    }
  }

  /**
   * Reads a chunk from its record.
   *
   * @param header a header's value by name, null when absent
   * @throws IllegalArgumentException naming what is missing or wrong: a missing or malformed
   *     header, or a value whose CRC is not the one the header gives (the chunk was damaged)
   */
  public static SnapshotChunk read(String key, byte[] value, Function<String, String> header) {
    if (key == null) {
      throw new IllegalArgumentException("a snapshot chunk has no key (its table's topic)");
    }
    if (value == null) {
      throw new IllegalArgumentException("the snapshot chunk of " + key + " has no value");
    }
    String crc = required(header, CRC_HEADER, key);
    String actual = crc(value);
    if (!crc.equals(actual)) {
      throw new IllegalArgumentException(
          "the snapshot chunk of "
              + key
              + " is damaged: its CRC-32C is "
              + actual
              + ", not "
              + crc);
    }
    String rejected = header.apply(REJECTS_HEADER);
    List<Reject> rejects;
    try {
      rejects = rejected == null ? List.of() : JSON.readValue(rejected, REJECTS);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "the snapshot chunk of " + key + " has unreadable rejects: " + e.getOriginalMessage(), e);
    }
    return new SnapshotChunk(
        key,
        number(header, Topics.GENERATION_HEADER, key),
        number(header, NUMBER_HEADER, key),
        Math.toIntExact(number(header, ROWS_HEADER, key)),
        required(header, POSITION_HEADER, key),
        required(header, RANGE_HEADER, key),
        required(header, COLUMNS_HEADER, key),
        value,
        rejects);
  }

  private static String required(Function<String, String> header, String name, String key) {
    String value = header.apply(name);
    if (value == null) {
      throw new IllegalArgumentException("the snapshot chunk of " + key + " has no " + name);
    }
    return value;
  }

  private static long number(Function<String, String> header, String name, String key) {
    String value = required(header, name, key);
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "the snapshot chunk of " + key + " has " + name + " '" + value + "', not a number", e);
    }
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof SnapshotChunk c
        && table.equals(c.table)
        && generation == c.generation
        && number == c.number
        && rows == c.rows
        && position.equals(c.position)
        && range.equals(c.range)
        && columns.equals(c.columns)
        && Arrays.equals(copy, c.copy)
        && rejects.equals(c.rejects);
  }

  @Override
  public int hashCode() {
    return Objects.hash(table, generation, number, Arrays.hashCode(copy));
  }

  @Override
  public String toString() {
    return "SnapshotChunk["
        + table
        + " generation "
        + generation
        + " #"
        + number
        + ", "
        + rows
        + " rows, "
        + copy.length
        + " bytes, "
        + rejects.size()
        + " rejects]";
  }
}
