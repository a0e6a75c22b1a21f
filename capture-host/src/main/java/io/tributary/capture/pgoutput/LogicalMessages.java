package io.tributary.capture.pgoutput;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.common.event.ChangeEventCodec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Optional;
import org.apache.kafka.connect.data.Struct;

/**
 * Reads the logical decoding messages Debezium's PostgreSQL connector delivers ({@code
 * pg_logical_emit_message}): capture's fences in a source, the fallback window's fences in the
 * target. Both carry a JSON object as their content.
 */
public final class LogicalMessages {
  /**
   * The prefix of Tributary's own logical decoding messages: the engines' heartbeats, and the
   * fences of a PostgreSQL source's capture.
   */
  public static final String TRIBUTARY_PREFIX = "tributary";

  private LogicalMessages() {}

  /**
   * The JSON content of a message with {@code prefix}; empty for another prefix, no message, or
   * content that is not JSON.
   */
  public static Optional<JsonNode> content(Struct message, String prefix) {
    if (message == null || !prefix.equals(message.getString("prefix"))) {
      return Optional.empty();
    }
    Object raw = message.get("content");
    byte[] bytes;
    if (raw instanceof ByteBuffer buffer) {
      bytes = new byte[buffer.remaining()];
      buffer.duplicate().get(bytes);
    } else if (raw instanceof byte[] b) {
      bytes = b;
    } else {
      return Optional.empty();
    }
    try {
      return Optional.of(ChangeEventCodec.MAPPER.readTree(bytes));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }
}
