package io.tributary.common.sql;

/**
 * One statement of finalize, run after the load: what it builds, on which table, and how to count
 * the rows that keep it from succeeding (foreign keys).
 *
 * @param kind what the statement does
 * @param table the target table, qualified and quoted
 * @param statement the SQL, idempotent
 * @param violations for {@link Kind#VALIDATE}: a query counting the rows that reference nothing;
 *     for {@link Kind#UNIQUE} and {@link Kind#INDEX} of a keyed table: a query reading the rows
 *     that keep the index from being built ($1: the most bytes an index row holds), each as the
 *     condition that leaves it out of a partial index, its key and why ({@link
 *     IndexStatementBuilder#partialIndex}); null otherwise
 */
public record FinalizeStep(Kind kind, String table, String statement, String violations) {
  /** Kinds of steps, in the order finalize runs them. */
  public enum Kind {
    /** a unique constraint of the source, as a unique index */
    UNIQUE,
    /** a secondary index of the source */
    INDEX,
    /** the source's identity (SQLite's INTEGER PRIMARY KEY, PostgreSQL identities and serials) */
    IDENTITY,
    /**
     * the source's column defaults of a table, in one {@code ALTER TABLE} (those a plan column rule
     * gives are set when the table is created)
     */
    DEFAULT,
    /**
     * an object of the source's schema other than its tables' rows and keys (a function, a view, a
     * trigger, a rule, a comment), in an order that makes each after what it depends on; its
     * statement sets the role it is made as and the search path it is made with
     */
    OBJECT,
    /** the identity's sequence set past the highest key (run again at every finalize) */
    SEQUENCE,
    /** a foreign key, added NOT VALID: checked for new rows at once */
    FOREIGN_KEY,
    /** the foreign key validated against every existing row */
    VALIDATE,
    /** statistics for the planner (run again at every finalize) */
    ANALYZE,
    /**
     * a materialized view filled again from the tables it reads (run again at every finalize, but
     * never under a cutover's freeze: it reads whole tables)
     */
    REFRESH;

    /** Steps whose effect goes stale while replication continues: they run at every finalize. */
    public boolean repeats() {
      return this == SEQUENCE || this == ANALYZE || this == REFRESH;
    }

    /**
     * Steps that build an index: independent of each other (several may build at once), and before
     * the foreign keys that need a unique one.
     */
    public boolean buildsIndex() {
      return this == UNIQUE || this == INDEX;
    }

    /**
     * Steps that only change the table's definition ({@code ALTER TABLE ... SET DEFAULT}, {@code
     * ADD GENERATED ... AS IDENTITY}): instant, but under an exclusive lock, so they run before the
     * index builds and anything else that reads a whole table — behind a build or a validator's
     * checksum such a lock waits as long as they take, and holds up every read and write queued
     * after it.
     */
    public boolean definitionOnly() {
      return this == IDENTITY || this == DEFAULT || this == OBJECT;
    }

    /** Foreign-key steps: apply writes tables in no common order, so only after the drain. */
    public boolean foreignKey() {
      return this == FOREIGN_KEY || this == VALIDATE;
    }
  }
}
