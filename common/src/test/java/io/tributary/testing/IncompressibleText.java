package io.tributary.testing;

import java.util.Random;

/**
 * Text that PostgreSQL cannot compress much (random letters, from a fixed seed): a value that stays
 * as large in an index row as it is written, for tests of values too large for an index.
 */
public final class IncompressibleText {
  private IncompressibleText() {}

  /** {@code length} random lowercase letters, the same for the same length. */
  public static String of(int length) {
    Random random = new Random(44);
    StringBuilder out = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      out.append((char) ('a' + random.nextInt(26)));
    }
    return out.toString();
  }
}
