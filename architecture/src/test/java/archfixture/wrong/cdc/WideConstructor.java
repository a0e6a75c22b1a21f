package archfixture.wrong.cdc;

/** A class of eleven constructor parameters. */
public class WideConstructor {
  private final int sum;

  public WideConstructor(
      int a, int b, int c, int d, int e, int f, int g, int h, int i, int j, int k) {
    this.sum = a + b + c + d + e + f + g + h + i + j + k;
  }

  public int sum() {
    return sum;
  }
}
