package io.tributary.common.value;

import java.util.Arrays;

/**
 * The value of a pgvector {@code sparsevec} column: its dimensions and its non-zero elements, by
 * ascending 1-based index (as pgvector's text form {@code {1:0.5,3:2}/5} numbers them). Values are
 * float32; zeros are not stored (pgvector drops them on input).
 *
 * @param dimensions the number of dimensions
 * @param indices 1-based indices of the non-zero elements, ascending
 * @param values the non-zero values, same order
 */
public record SparseVector(int dimensions, int[] indices, float[] values) {
  public SparseVector {
    if (indices.length != values.length) {
      throw new IllegalArgumentException("as many indices as values are needed");
    }
    indices = indices.clone();
    values = values.clone();
  }

  /** pgvector's text form, {@code {1:0.5,3:2.0}/5}. */
  public String text() {
    StringBuilder out = new StringBuilder(16 + indices.length * 12).append('{');
    for (int i = 0; i < indices.length; i++) {
      if (i > 0) {
        out.append(',');
      }
      out.append(indices[i]).append(':').append(VectorValues.floatText(values[i]));
    }
    return out.append("}/").append(dimensions).toString();
  }

  @Override
  public int[] indices() {
    return indices.clone();
  }

  @Override
  public float[] values() {
    return values.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SparseVector other
        && dimensions == other.dimensions
        && Arrays.equals(indices, other.indices)
        && Arrays.equals(values, other.values);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * dimensions + Arrays.hashCode(indices)) + Arrays.hashCode(values);
  }

  @Override
  public String toString() {
    return text();
  }
}
