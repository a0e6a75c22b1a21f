package archfixture.clean.source.sqlite;

import archfixture.clean.common.Shared;

/** A kind implementing a shared contract. */
public class SqliteShared implements Shared {
  @Override
  public int rows() {
    return 2;
  }
}
