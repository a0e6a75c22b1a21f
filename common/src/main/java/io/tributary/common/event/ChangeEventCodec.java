package io.tributary.common.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.common.value.EnvelopeJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Reads and writes change events and their keys as JSON bytes. */
public final class ChangeEventCodec {
  /** Shared mapper ({@link EnvelopeJson#MAPPER}). */
  public static final ObjectMapper MAPPER = EnvelopeJson.MAPPER;

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

  /**
   * A key: the row's primary-key columns as a JSON object, printed as the UTF-8 generator prints it
   * ({@link EnvelopeWriter#writeKey}), which writes a character outside the Basic Multilingual
   * Plane as its two escaped surrogates: a key's text must be the same whichever way it was
   * printed, or a row's delete would travel under another Kafka key (another partition) than its
   * insert.
   */
  public static String encodeKey(ObjectNode key) {
    try {
      return new String(KEY_WRITER.writeValueAsBytes(key), StandardCharsets.UTF_8);
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
