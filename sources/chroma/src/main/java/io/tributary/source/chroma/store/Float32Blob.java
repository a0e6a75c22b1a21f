package io.tributary.source.chroma.store;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A vector as the embeddings queue holds it: float32 values, little-endian, one after the other
 * (encoding {@code FLOAT32}); the same bytes carry it to the target, bit for bit.
 */
public final class Float32Blob {
  private Float32Blob() {}

  /**
   * The floats of a blob.
   *
   * @throws IllegalArgumentException when its length is not a multiple of 4
   */
  public static float[] decode(byte[] blob) {
    if (blob.length % 4 != 0) {
      throw new IllegalArgumentException(
          "a FLOAT32 vector of " + blob.length + " bytes (not a multiple of 4)");
    }
    float[] out = new float[blob.length / 4];
    ByteBuffer.wrap(blob).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
    return out;
  }

  /** The blob of some floats. */
  public static byte[] encode(float[] vector) {
    ByteBuffer buffer = ByteBuffer.allocate(vector.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    buffer.asFloatBuffer().put(vector);
    return buffer.array();
  }
}
