package archfixture.wrong.cdc;

import archfixture.wrong.source.sqlite.SqliteThing;

/** A service that uses a kind's class rather than its interfaces. */
public class CdcThing {
  public int rows() {
    return new SqliteThing().rows();
  }
}
