package io.tributary.common.value;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.common.catalog.ColumnDef;
import io.tributary.common.catalog.TargetType;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PostgresVectorBinaryTest {
  private static final ColumnDef ANY =
      new ColumnDef("e", "BLOB", "e", TargetType.VECTOR, 0, true)
          .withTarget(TargetType.VECTOR, "vector", null);
  private static final ColumnDef THREE =
      new ColumnDef("e", "BLOB", "e", TargetType.VECTOR, 0, true)
          .withTarget(TargetType.VECTOR, "vector(3)", null);

  /** What pgvector's vector_send writes. */
  private static byte[] send(float... values) {
    ByteBuffer out = ByteBuffer.allocate(4 + 4 * values.length);
    out.putShort((short) values.length).putShort((short) 0);
    for (float v : values) {
      out.putFloat(v);
    }
    return out.array();
  }

  @Test
  @DisplayName("Every element comes back with the bits it was sent with")
  void decodesExactBits() {
    Random random = new Random(384);
    for (int n : new int[] {1, 3, 384, 16000}) {
      float[] values = new float[n];
      for (int i = 0; i < n; i++) {
        values[i] = Float.intBitsToFloat(random.nextInt()) % 1e30f;
        if (Float.isNaN(values[i])) {
          values[i] = -0.0f;
        }
      }
      values[0] = Float.MIN_VALUE;
      float[] decoded = PostgresVectorBinary.decode(send(values), ANY);
      assertThat(decoded).hasSize(n);
      for (int i = 0; i < n; i++) {
        assertThat(Float.floatToRawIntBits(decoded[i]))
            .as("element %d of %d", i, n)
            .isEqualTo(Float.floatToRawIntBits(values[i]));
      }
    }
    assertThat(PostgresVectorBinary.decode(send(1.5f, -0.0f, 3e-38f), THREE))
        .containsExactly(1.5f, -0.0f, 3e-38f);
  }

  @Test
  @DisplayName("Truncated bytes, a wrong length and the wrong dimensions are named")
  void refusesWhatIsNotAVector() {
    assertThatThrownBy(() -> PostgresVectorBinary.decode(new byte[] {0, 1}, ANY))
        .isInstanceOf(ValueCastException.class)
        .hasMessage("a binary vector needs a 4-byte header, got 2 bytes");
    byte[] cut = Arrays.copyOf(send(1f, 2f, 3f), 14);
    assertThatThrownBy(() -> PostgresVectorBinary.decode(cut, ANY))
        .isInstanceOf(ValueCastException.class)
        .hasMessage("a binary vector of 3 dimensions has 16 bytes, got 14");
    assertThatThrownBy(() -> PostgresVectorBinary.decode(send(1f, 2f), THREE))
        .isInstanceOf(ValueCastException.class)
        .hasMessage("expected 3 dimensions, not 2 (vector(3))");
    assertThatThrownBy(() -> PostgresVectorBinary.decode(send(), ANY))
        .isInstanceOf(ValueCastException.class)
        .hasMessage("a vector needs at least 1 dimension");
  }
}
