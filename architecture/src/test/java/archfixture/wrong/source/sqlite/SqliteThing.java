package archfixture.wrong.source.sqlite;

/** A class of the SQLite kind. */
public class SqliteThing {
  public int rows() {
    return 1;
  }
}
