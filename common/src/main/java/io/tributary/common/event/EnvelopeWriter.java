package io.tributary.common.event;

import com.fasterxml.jackson.core.JsonGenerator;
import io.tributary.common.catalog.ColumnDef;
import io.tributary.common.value.JsonValueWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Prints a change event whose row comes as values in catalog column order, straight to JSON bytes:
 * the same bytes as {@link ChangeEventCodec#encode} of the {@link ChangeEvent} holding that row as
 * a tree, without building the tree (capture's snapshot reads print every row; the tree was most of
 * their CPU). Not thread-safe: one per thread, reused.
 */
public final class EnvelopeWriter {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream(1024);

  /**
   * A row read, inserted or updated ({@code before} null).
   *
   * @param op {@link Op#READ}, {@link Op#CREATE} or {@link Op#UPDATE}
   * @param columns the table's columns
   * @param row the row's values, in the columns' order, as capture read them
   */
  public byte[] write(Op op, List<ColumnDef> columns, Object[] row, SourceInfo source, long tsMs) {
    out.reset();
    try (JsonGenerator g = ChangeEventCodec.MAPPER.createGenerator(out)) {
      g.writeStartObject();
      g.writeNullField("before");
      g.writeFieldName("after");
      g.writeStartObject();
      for (int i = 0; i < columns.size(); i++) {
        ColumnDef column = columns.get(i);
        g.writeFieldName(column.name());
        JsonValueWriter.write(g, row[i], column.targetType());
      }
      g.writeEndObject();
      g.writeStringField("op", op.code());
      g.writeNumberField("ts_ms", tsMs);
      g.writeFieldName("source");
      writeSource(g, source);
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("Failed to print a change event of " + source.table(), e);
    }
    return out.toByteArray();
  }

  /**
   * A row's key, as {@link ChangeEventCodec#encodeKey} prints the object of the key columns'
   * values.
   *
   * @param columns the key's columns
   * @param values their values, in the same order
   */
  public String writeKey(List<ColumnDef> columns, List<Object> values) {
    if (columns.size() == 1) {
      String key = singleKey(columns.get(0).name(), values.get(0));
      if (key != null) {
        return key;
      }
    }
    return keyByGenerator(columns, values);
  }

  /**
   * The key of one integer or text column written by hand, without a generator (a snapshot prints
   * the key of every row it reads): what the generator would print, or null for a value or name the
   * generator writes otherwise than as it is ({@link #plain}) or a value of another type.
   */
  static String singleKey(String name, Object value) {
    String number =
        value instanceof Long || value instanceof Integer || value instanceof Short
            ? Long.toString(((Number) value).longValue())
            : null;
    String text = value instanceof String s ? s : null;
    if ((number == null && text == null) || !plain(name) || (text != null && !plain(text))) {
      return null;
    }
    StringBuilder key = new StringBuilder(name.length() + (text != null ? text.length() : 24) + 8);
    quoted(key.append('{'), name).append(':');
    if (text != null) {
      quoted(key, text);
    } else {
      key.append(number);
    }
    return key.append('}').toString();
  }

  /**
   * Whether the generator writes {@code text} as it is but for the backslash it puts before {@code
   * "} and {@code \}: no control character (written as escapes) and no surrogate (each written as a
   * hexadecimal escape by Jackson's UTF-8 generator, even those of a pair).
   */
  private static boolean plain(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x20 || Character.isSurrogate(c)) {
        return false;
      }
    }
    return true;
  }

  /** Appends {@code text} ({@link #plain}) as a JSON string. */
  private static StringBuilder quoted(StringBuilder out, String text) {
    out.append('"');
    int from = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '"' || c == '\\') {
        out.append(text, from, i).append('\\').append(c);
        from = i + 1;
      }
    }
    return out.append(text, from, text.length()).append('"');
  }

  /** {@link #writeKey} by the generator, whatever the key's columns and values. */
  String keyByGenerator(List<ColumnDef> columns, List<Object> values) {
    out.reset();
    try (JsonGenerator g = ChangeEventCodec.MAPPER.createGenerator(out)) {
      g.writeStartObject();
      for (int i = 0; i < columns.size(); i++) {
        ColumnDef column = columns.get(i);
        g.writeFieldName(column.name());
        JsonValueWriter.write(g, values.get(i), column.targetType());
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("Failed to print a key", e);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  /** The {@code source} block, as {@link SourceInfo}'s serialization (null fields left out). */
  private static void writeSource(JsonGenerator g, SourceInfo s) throws IOException {
    g.writeStartObject();
    stringField(g, "connector", s.connector());
    stringField(g, "name", s.name());
    stringField(g, "db", s.db());
    stringField(g, "schema", s.schema());
    stringField(g, "table", s.table());
    stringField(g, "snapshot", s.snapshot());
    g.writeNumberField("pos", s.pos());
    g.writeNumberField("tsMs", s.tsMs());
    g.writeEndObject();
  }

  private static void stringField(JsonGenerator g, String name, String value) throws IOException {
    if (value != null) {
      g.writeStringField(name, value);
    }
  }
}
