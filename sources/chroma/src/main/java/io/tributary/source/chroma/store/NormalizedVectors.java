package io.tributary.source.chroma.store;

import io.tributary.source.chroma.hnsw.HnswSegment;

/**
 * Whether a vector is the one hnswlib stored normalized for a cosine collection: its norm is the
 * stored norm and its components divided by that norm are the stored components, both within a few
 * float32 roundings (hnswlib normalizes in float arithmetic, in an order its compiler chooses). Two
 * different vectors agree that closely only when they point the same way with the same length.
 */
final class NormalizedVectors {
  /** The tolerance, relative to 1 (a normalized component's largest magnitude). */
  private static final double TOLERANCE = 1e-5;

  private NormalizedVectors() {}

  static boolean sameDirectionAndNorm(float[] original, HnswSegment.Stored stored) {
    float[] normalized = stored.values();
    if (original.length != normalized.length || Float.isNaN(stored.norm())) {
      return false;
    }
    double sum = 0;
    for (float f : original) {
      sum += (double) f * f;
    }
    double norm = Math.sqrt(sum);
    if (Math.abs(norm - stored.norm()) > TOLERANCE * Math.max(1.0, norm)) {
      return false;
    }
    if (norm == 0) {
      return true;
    }
    for (int i = 0; i < original.length; i++) {
      if (Math.abs(original[i] / norm - normalized[i]) > TOLERANCE) {
        return false;
      }
    }
    return true;
  }
}
