package io.tributary.common.value;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.tributary.common.catalog.ColumnDef;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The JSON of the change envelope, written by capture and read by apply ({@code ChangeEventCodec}):
 * one mapper, and the node apply reads for a value capture prints ({@link #node}), so that whatever
 * casts a source value without printing it (capture's snapshot chunks, the validator's reads of the
 * source) casts exactly what apply would have cast.
 */
public final class EnvelopeJson {
  /**
   * Shared mapper: decimals are read as BigDecimal so numeric values keep every digit; unknown
   * envelope fields (Debezium adds some) are ignored.
   */
  public static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          // vectors are arrays of hundreds of floats: Schubfach to write them, FastDoubleParser to
          // read (both exact: shortest round-trip text, correctly rounded parsing)
          .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
          .enable(
              StreamReadFeature.USE_FAST_DOUBLE_PARSER,
              StreamReadFeature.USE_FAST_BIG_NUMBER_PARSER)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .build();

  private EnvelopeJson() {}

  /**
   * The node apply reads for {@code value} of {@code column} in an envelope capture printed ({@link
   * JsonValueWriter}). Text, integers, booleans, binary data and NULL are built directly; every
   * other value (reals and decimals: printed shortest, read back as decimals; vectors and lists) is
   * printed and read back through the same writer and mapper, so it is the very node apply gets.
   */
  public static JsonNode node(Object value, ColumnDef column) {
    if (value == null
        || value instanceof String
        || value instanceof Long
        || value instanceof Integer
        || value instanceof Short
        || value instanceof Boolean
        || value instanceof byte[]) {
      return ValueCodec.toJson(value, column); // printed and read back, these are themselves
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(64);
    try {
      try (JsonGenerator g = MAPPER.createGenerator(out)) {
        JsonValueWriter.write(g, value, column.targetType());
      }
      return MAPPER.readTree(out.toByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException("Failed to print a value of column " + column.name(), e);
    }
  }
}
