package io.tributary.common.catalog;

/**
 * What identifies a row of a captured table: the columns that key its change events, its upserts
 * and deletes on the target, and its validation ranges ({@link TableDef#keyColumns()}). Chosen at
 * provisioning, in this order: the source's primary key; else the columns the plan names ({@code
 * key: {columns: [...]}}); else a UNIQUE index or constraint of the source over NOT NULL columns.
 * The target gets a primary key for the first and a UNIQUE constraint over the same columns for the
 * others, so it keeps the source's constraints as they were.
 */
public enum RowIdentity {
  /** The source's primary key. */
  PRIMARY_KEY,
  /**
   * A UNIQUE index or constraint of the source over NOT NULL columns ({@link
   * TableDef#identityIndex()} names it): a PostgreSQL source's replica identity is set to it while
   * capturing ({@code REPLICA IDENTITY USING INDEX}), so its updates and deletes log those columns.
   */
  UNIQUE,
  /**
   * Columns the plan names for a table without a primary key. When no unique index of the source
   * covers exactly them, a PostgreSQL source's replica identity is set to {@code FULL} while
   * capturing. The plan vouches that the columns are unique: two source rows with the same values
   * there become one row on the target, which validation reports as a difference of counts.
   */
  DECLARED;

  /** Whether the target's key is a UNIQUE constraint rather than a primary key. */
  public boolean uniqueConstraint() {
    return this != PRIMARY_KEY;
  }
}
