package io.tributary.orchestrator.behind;

import io.tributary.common.naming.Identifiers;
import io.tributary.common.sql.SchemaRoleDdlBuilder;

/**
 * The statements of the behind-apply record (DESIGN.md, cutover step 4): a statement-level trigger
 * {@value #TRIGGER} on each target table of a migration, calling {@code tributary.behind_apply()}
 * (control schema version 17) with the schema's apply role, which records in {@code
 * tributary.foreign_writes} every statement another role makes. Builds strings only.
 */
final class BehindApplyStatements {
  /** The trigger's name on every table. */
  static final String TRIGGER = "tributary_behind_apply";

  private BehindApplyStatements() {}

  /** Forgets what was recorded of a table before this cutover. $1 schema, $2 table. */
  static final String FORGET =
      "DELETE FROM tributary.foreign_writes WHERE schema_name = $1 AND table_name = $2";

  /** A trigger of an earlier cutover on the table, if any, goes first. */
  static String drop(String schema, String table) {
    return "DROP TRIGGER IF EXISTS "
        + Identifiers.quote(TRIGGER)
        + " ON "
        + Identifiers.quote(schema)
        + "."
        + Identifiers.quote(table);
  }

  /** The trigger on {@code schema.table}: every statement not made as the schema's apply role. */
  static String create(String schema, String table) {
    return "CREATE TRIGGER "
        + Identifiers.quote(TRIGGER)
        + " AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "
        + Identifiers.quote(schema)
        + "."
        + Identifiers.quote(table)
        + " FOR EACH STATEMENT EXECUTE FUNCTION tributary.behind_apply("
        + Identifiers.literal(SchemaRoleDdlBuilder.applyRole(schema))
        + ")";
  }

  /** {@code SET LOCAL lock_timeout}: how long a trigger's DDL waits for the table. */
  static String lockTimeout(long millis) {
    return "SET LOCAL lock_timeout = " + Math.max(1, millis);
  }
}
