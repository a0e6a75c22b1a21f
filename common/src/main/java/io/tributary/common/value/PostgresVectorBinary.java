package io.tributary.common.value;

import io.tributary.common.catalog.ColumnDef;
import java.nio.ByteBuffer;

/**
 * pgvector's binary form of a {@code vector} ({@code vector_send}): the dimensions as a 16-bit
 * integer, 16 unused bits, then each element as a big-endian IEEE 754 float32. Reading it gives the
 * stored floats exactly, without PostgreSQL formatting hundreds of decimals a row and Java parsing
 * them back.
 */
public final class PostgresVectorBinary {
  private static final int HEADER = 4;

  private PostgresVectorBinary() {}

  /**
   * The elements of a vector in binary form.
   *
   * @throws ValueCastException when the bytes are not a vector of the column's dimensions
   */
  public static float[] decode(byte[] bytes, ColumnDef column) {
    if (bytes.length < HEADER) {
      throw new ValueCastException(
          "a binary vector needs a 4-byte header, got " + bytes.length + " bytes");
    }
    ByteBuffer in = ByteBuffer.wrap(bytes); // big-endian, as PostgreSQL sends
    int dimensions = Short.toUnsignedInt(in.getShort());
    if (bytes.length != HEADER + 4 * dimensions) {
      throw new ValueCastException(
          "a binary vector of "
              + dimensions
              + " dimensions has "
              + (HEADER + 4 * dimensions)
              + " bytes, got "
              + bytes.length);
    }
    VectorValues.checkDimensions(dimensions, column, "vector");
    float[] values = new float[dimensions];
    in.position(HEADER).asFloatBuffer().get(values);
    return values;
  }
}
