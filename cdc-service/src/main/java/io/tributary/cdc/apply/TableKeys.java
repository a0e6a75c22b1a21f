package io.tributary.cdc.apply;

/**
 * Builds a bulk-loaded table's key ({@link KeyBuilder}) on a given connection, unless it is built
 * already (its snapshot is in: its first change arrived, or capture delivered it whole and apply
 * wrote all of it), and marks it built in the catalog; the rows rejected because they kept the key
 * from being built are published once they committed. The writer builds on its own connection, the
 * key build threads ({@link KeyBuildThreads}) on theirs.
 */
final class TableKeys {
  private final KeyBuilder keys;
  private final TableCatalog catalog;
  private final RejectPublisher rejectPublisher;

  TableKeys(KeyBuilder keys, TableCatalog catalog, RejectPublisher rejectPublisher) {
    this.keys = keys;
    this.catalog = catalog;
    this.rejectPublisher = rejectPublisher;
  }

  /**
   * Builds the table's key on {@code on}; a failure discards that connection (whatever state it
   * left it in), and the next use opens it anew.
   *
   * @throws KeyBuilder.Waiting when rows taken out are still seen by older transactions
   */
  void build(AppliedTable table, TargetJdbc on) {
    try {
      keys.build(on.session(), table, rejectPublisher::publish);
    } catch (RuntimeException e) {
      on.discard();
      throw e;
    }
    catalog.keyBuilt(table.definition().topic(), true);
  }
}
