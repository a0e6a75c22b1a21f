package archfixture.clean.cdc;

import archfixture.clean.common.Shared;

/** A service that reaches a kind through the shared contract. */
public class UsesShared {
  public int rows(Shared shared) {
    return shared.rows();
  }
}
