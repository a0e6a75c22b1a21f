package archfixture.wrong.source.postgres;

import archfixture.wrong.source.sqlite.SqliteThing;
import jakarta.inject.Inject;

/** A kind that uses another kind, and CDI. */
public class PostgresThing {
  @Inject SqliteThing sqlite;

  public int rows() {
    return sqlite.rows();
  }
}
