package archfixture.wrong.cycle.b;

import archfixture.wrong.cycle.a.Alpha;

/** Closes the cycle with {@link Alpha}. */
public class Beta {
  public Alpha alpha() {
    return new Alpha();
  }
}
