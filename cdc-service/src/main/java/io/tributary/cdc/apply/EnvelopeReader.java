package io.tributary.cdc.apply;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.FloatNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.tributary.common.catalog.ColumnDef;
import io.tributary.common.catalog.TableDef;
import io.tributary.common.catalog.TargetType;
import io.tributary.common.event.ChangeEvent;
import io.tributary.common.event.ChangeEventCodec;
import io.tributary.common.event.Op;
import io.tributary.common.event.SourceInfo;
import io.tributary.common.value.RowDecoder;
import io.tributary.common.value.ValueCastException;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a change event of a keyed table in one pass over its JSON bytes, the {@code after} row
 * straight into the column values of its table ({@link RowDecoder}), with no tree of the whole row
 * and no bean binding: apply reads every row of every snapshot, and decoding the envelope as a tree
 * and then casting the tree was most of its CPU. The outcome is the same as {@link
 * ChangeEventCodec#decode} followed by {@link RowDecoder#row} ({@code EnvelopeReaderTest} holds the
 * two to it): each column's value becomes the node the tree would hold, except a vector's
 * components, read as float32 at once (what the vector cast does with the tree's decimals, without
 * their text round trip). {@code before} (deletes and updates) is kept as a tree: deletes need it
 * whole and are few.
 *
 * <p>One per table (its column index and the texts of the last {@code source} block read: the
 * events of a table repeat them, so they are compared in the parser's buffer and kept, not made
 * anew for every event); used by one thread at a time.
 */
final class EnvelopeReader {
  /** The {@code source} texts kept from one event to the next: connector to snapshot. */
  private static final int SOURCE_TEXTS = 6;

  private final TableDef table;
  private final Map<String, Integer> columnIndex = new HashMap<>();
  private final String[] lastSource = new String[SOURCE_TEXTS];

  /** The event (its {@code after} left out) and, unless it is a delete, its cast row. */
  record Read(ChangeEvent event, ChangeRecord.DecodedRow row) {}

  EnvelopeReader(TableDef table) {
    this.table = table;
    List<ColumnDef> columns = table.columns();
    for (int i = 0; i < columns.size(); i++) {
      columnIndex.put(columns.get(i).name(), i);
    }
  }

  /** Whether it reads the events of this very catalog entry (a reloaded catalog makes new ones). */
  boolean reads(TableDef definition) {
    return table == definition;
  }

  /**
   * @throws IllegalArgumentException when the bytes are not a change event (as {@link
   *     ChangeEventCodec#decode} says it)
   */
  Read read(byte[] value) {
    ObjectNode before = null;
    JsonNode[] after = null;
    Op op = null;
    long tsMs = 0;
    SourceInfo source = null;
    try (JsonParser p = ChangeEventCodec.MAPPER.createParser(value)) {
      expect(p.nextToken(), JsonToken.START_OBJECT, "the event");
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken token = p.nextToken();
        switch (field) {
          case "before" -> before = token == JsonToken.VALUE_NULL ? null : objectTree(p, field);
          case "after" -> {
            if (token != JsonToken.VALUE_NULL) {
              expect(token, JsonToken.START_OBJECT, "after");
              after = row(p);
            }
          }
          case "op" ->
              op = token == JsonToken.VALUE_NULL ? null : Op.fromCode(p.getValueAsString());
          case "ts_ms" -> tsMs = number(p, token, field);
          case "source" -> source = token == JsonToken.VALUE_NULL ? null : source(p);
          default -> p.skipChildren();
        }
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("not a change event: " + e.getMessage(), e);
    }
    if (op == null) {
      throw new IllegalArgumentException("change event has no op");
    }
    ChangeEvent event = new ChangeEvent(before, null, op, tsMs, source);
    if (op == Op.DELETE) {
      return new Read(event, null);
    }
    try {
      Object[] values =
          after != null ? RowDecoder.row(table, after) : RowDecoder.row(table, (ObjectNode) null);
      return new Read(event, new ChangeRecord.DecodedRow(values, null));
    } catch (ValueCastException e) {
      return new Read(event, new ChangeRecord.DecodedRow(null, e.getMessage()));
    }
  }

  /** The {@code after} object as the node of each column (null where absent), catalog order. */
  private JsonNode[] row(JsonParser p) throws IOException {
    List<ColumnDef> columns = table.columns();
    JsonNode[] nodes = new JsonNode[columns.size()];
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      Integer at = columnIndex.get(p.currentName());
      JsonToken token = p.nextToken();
      if (at == null) {
        p.skipChildren(); // not a column of the table: the tree's row.get never asks for it
        continue;
      }
      TargetType type = columns.get(at).targetType();
      nodes[at] =
          token == JsonToken.START_ARRAY && type == TargetType.VECTOR ? vector(p) : node(p, token);
    }
    return nodes;
  }

  /**
   * A vector's array: finite float32 components as {@link FloatNode}s (the vector cast takes them
   * as they are; it parses the tree's decimals with the same parser), anything else as the tree
   * would hold it, for the cast to refuse with its own words.
   */
  private static ArrayNode vector(JsonParser p) throws IOException {
    ArrayNode array = JsonNodeFactory.instance.arrayNode();
    JsonToken token;
    while ((token = p.nextToken()) != JsonToken.END_ARRAY) {
      if (token == JsonToken.VALUE_NUMBER_FLOAT) {
        float f = p.getFloatValue();
        // out of float32's range: the number as the tree holds it (read again from its text: the
        // parser keeps only the float now), for the cast to refuse
        array.add(
            Float.isFinite(f)
                ? FloatNode.valueOf(f)
                : ChangeEventCodec.MAPPER.readTree(p.getText()));
      } else {
        array.add(node(p, token));
      }
    }
    return array;
  }

  /** The node the tree holds for the value at the parser (scalars built here, the rest read). */
  private static JsonNode node(JsonParser p, JsonToken token) throws IOException {
    return switch (token) {
      case VALUE_STRING -> TextNode.valueOf(p.getText());
      case VALUE_NULL -> NullNode.getInstance();
      case VALUE_TRUE -> BooleanNode.TRUE;
      case VALUE_FALSE -> BooleanNode.FALSE;
      case VALUE_NUMBER_INT ->
          switch (p.getNumberType()) {
            case INT -> IntNode.valueOf(p.getIntValue());
            case LONG -> LongNode.valueOf(p.getLongValue());
            default -> BigIntegerNode.valueOf(p.getBigIntegerValue());
          };
      default -> tree(p); // decimals (as the mapper's settings read them), objects, arrays
    };
  }

  private static JsonNode tree(JsonParser p) throws IOException {
    return ChangeEventCodec.MAPPER.readTree(p);
  }

  private static ObjectNode objectTree(JsonParser p, String field) throws IOException {
    if (tree(p) instanceof ObjectNode object) {
      return object;
    }
    throw new IllegalArgumentException("not a change event: " + field + " is not an object");
  }

  /** The {@code source} block, its unknown fields skipped (Debezium adds some). */
  private SourceInfo source(JsonParser p) throws IOException {
    expect(p.currentToken(), JsonToken.START_OBJECT, "source");
    String[] texts = new String[SOURCE_TEXTS];
    long pos = 0;
    long tsMs = 0;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken token = p.nextToken();
      switch (field) {
        case "connector" -> texts[0] = kept(p, token, field, 0);
        case "name" -> texts[1] = kept(p, token, field, 1);
        case "db" -> texts[2] = kept(p, token, field, 2);
        case "schema" -> texts[3] = kept(p, token, field, 3);
        case "table" -> texts[4] = kept(p, token, field, 4);
        case "snapshot" -> texts[5] = kept(p, token, field, 5);
        case "pos" -> pos = number(p, token, field);
        case "tsMs" -> tsMs = number(p, token, field);
        default -> p.skipChildren();
      }
    }
    return new SourceInfo(texts[0], texts[1], texts[2], texts[3], texts[4], texts[5], pos, tsMs);
  }

  /** A {@code source} text: the one the last event had when it is the same, else read. */
  private String kept(JsonParser p, JsonToken token, String field, int at) throws IOException {
    String last = lastSource[at];
    if (token == JsonToken.VALUE_STRING && last != null && p.getTextLength() == last.length()) {
      char[] chars = p.getTextCharacters();
      int offset = p.getTextOffset();
      boolean same = true;
      for (int i = 0; i < last.length() && same; i++) {
        same = chars[offset + i] == last.charAt(i);
      }
      if (same) {
        return last;
      }
    }
    String text = text(p, token, field);
    lastSource[at] = text;
    return text;
  }

  private static String text(JsonParser p, JsonToken token, String field) throws IOException {
    if (token == JsonToken.VALUE_NULL) {
      return null;
    }
    if (!token.isScalarValue()) {
      throw new IllegalArgumentException("not a change event: source." + field + " is not text");
    }
    return p.getValueAsString();
  }

  private static long number(JsonParser p, JsonToken token, String field) throws IOException {
    if (token == JsonToken.VALUE_NULL) {
      return 0;
    }
    if (token == JsonToken.VALUE_NUMBER_INT) {
      return p.getLongValue();
    }
    if (token == JsonToken.VALUE_STRING) {
      try {
        return Long.parseLong(p.getText().strip());
      } catch (NumberFormatException e) {
        // below
      }
    }
    throw new IllegalArgumentException(
        "not a change event: " + field + " is not an integer: " + p.getText());
  }

  private static void expect(JsonToken token, JsonToken expected, String what) {
    if (token != expected) {
      throw new IllegalArgumentException(
          "not a change event: " + what + " is not a JSON object (found " + token + ")");
    }
  }
}
