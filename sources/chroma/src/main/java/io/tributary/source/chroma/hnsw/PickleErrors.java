package io.tributary.source.chroma.hnsw;

import java.nio.file.Path;

/**
 * The refusals of a pickle being read, each naming the file (when it came from one) and the opcode
 * being executed with its byte offset.
 */
final class PickleErrors {
  private final Path file;

  /** Offset and code of the opcode being executed, for messages. */
  private int offset;

  private int opcode;

  /**
   * @param file the pickle's file, null for bytes parsed from memory
   */
  PickleErrors(Path file) {
    this.file = file;
  }

  /** Now executing {@code opcode}, read at {@code offset}. */
  void at(int offset, int opcode) {
    this.offset = offset;
    this.opcode = opcode;
  }

  /** The stream ends at {@code offset}, before a STOP opcode. */
  HnswFormatException truncatedAt(int offset) {
    this.offset = offset;
    return error("truncated: the stream ends at byte " + offset + " without a STOP opcode");
  }

  /** The opcode being executed is not one this reader understands. */
  HnswFormatException unsupported() {
    return error(
        String.format(
            "unsupported opcode 0x%02x%s at byte offset %d", opcode, printable(opcode), offset));
  }

  /** A problem of the opcode being executed. */
  HnswFormatException opError(String problem) {
    return error(
        String.format(
            "opcode 0x%02x%s at byte offset %d: %s", opcode, printable(opcode), offset, problem));
  }

  private HnswFormatException error(String problem) {
    return file == null ? new HnswFormatException(problem) : new HnswFormatException(file, problem);
  }

  private static String printable(int code) {
    return code >= 0x20 && code < 0x7f ? " ('" + (char) code + "')" : "";
  }
}
