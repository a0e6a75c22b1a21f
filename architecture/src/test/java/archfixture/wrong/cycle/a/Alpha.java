package archfixture.wrong.cycle.a;

import archfixture.wrong.cycle.b.Beta;

/** Depends on {@link Beta}, which depends back on it: a package cycle. */
public class Alpha {
  public Beta beta() {
    return new Beta();
  }
}
