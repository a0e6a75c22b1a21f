package io.tributary.common.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Reads and writes change events and their keys as JSON bytes. */
public final class ChangeEventCodec {
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

  // Resolved once: readValue(bytes, Class) and writeValueAsBytes look the type up on every call,
  // which was a tenth of apply's decoding time.
  private static final ObjectReader EVENT_READER = MAPPER.readerFor(ChangeEvent.class);
  private static final ObjectWriter EVENT_WRITER = MAPPER.writerFor(ChangeEvent.class);
  private static final ObjectWriter KEY_WRITER = MAPPER.writerFor(ObjectNode.class);

  private ChangeEventCodec() {}

  public static byte[] encode(ChangeEvent event) {
    try {
      return EVENT_WRITER.writeValueAsBytes(event);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Failed to encode change event " + event, e);
    }
  }

  public static String encodeToString(ChangeEvent event) {
    return new String(encode(event), StandardCharsets.UTF_8);
  }

  /**
   * @throws IllegalArgumentException when the bytes are not a change event
   */
  public static ChangeEvent decode(byte[] value) {
    try {
      ChangeEvent event = EVENT_READER.readValue(value);
      if (event.op() == null) {
        throw new IllegalArgumentException("change event has no op");
      }
      return event;
    } catch (IOException e) {
      throw new IllegalArgumentException("not a change event: " + e.getMessage(), e);
    }
  }

  /** A key: the row's primary-key columns as a JSON object. */
  public static String encodeKey(ObjectNode key) {
    try {
      return KEY_WRITER.writeValueAsString(key);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static ObjectNode decodeKey(byte[] key) {
    try {
      return (ObjectNode) MAPPER.readTree(key);
    } catch (IOException | ClassCastException e) {
      throw new IllegalArgumentException("not a JSON object key: " + e.getMessage(), e);
    }
  }
}
