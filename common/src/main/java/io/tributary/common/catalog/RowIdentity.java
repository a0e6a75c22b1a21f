package io.tributary.common.catalog;

/**
 * What identifies a row of a captured table: the columns that key its change events, its upserts
 * and deletes on the target, and its validation ranges ({@link TableDef#identityColumns()}). Chosen
 * at provisioning, in this order: the source's primary key; else the columns the plan names ({@code
 * key: {columns: [...]}}); else a UNIQUE index or constraint of the source over NOT NULL columns;
 * else the whole row. The target gets a primary key for the first, a UNIQUE constraint over the
 * same columns for the next two, and no key for the last, so it keeps the source's constraints as
 * they were.
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
  DECLARED,
  /**
   * Nothing identifies a row but all of its values: a table without a primary key, a UNIQUE index
   * over NOT NULL columns or a declared key. It has no key columns ({@link TableDef#keyColumns()}
   * is empty); its rows are compared, applied and validated as a multiset of whole rows ({@link
   * TableDef#identityColumns()} is every column), so duplicate rows keep their multiplicity. Its
   * changes are published on one partition of its topic, in the source's order: an update is the
   * delete of the old row and the insert of the new one, and a delete removes one row equal to the
   * old one. A PostgreSQL source's replica identity is set to {@code FULL} while capturing, so
   * updates and deletes log the old row whole.
   */
  WHOLE_ROW;

  /** Whether the target's key is a UNIQUE constraint rather than a primary key. */
  public boolean uniqueConstraint() {
    return this == UNIQUE || this == DECLARED;
  }
}
