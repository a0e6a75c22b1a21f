package io.tributary.cdc.apply;

import io.tributary.common.catalog.TableDef;
import io.tributary.common.naming.Identifiers;
import io.tributary.common.sql.SchemaRoleDdlBuilder;

/**
 * The role apply writes a table's rows as, within one transaction: the apply role of the table's
 * schema ({@link SchemaRoleDdlBuilder#applyRole}, DML rights on that schema alone), so a default or
 * a check the table evaluates runs with no right on the control schema, on files or on another
 * schema, and a write by apply can be told from the application's. Control-schema statements
 * (offsets, rejects, load state) and DDL run after {@link #resume()}, as Tributary's own role. Set
 * with {@code SET LOCAL}: the transaction's end undoes it. A savepoint taken after a switch keeps
 * it when rolled back to.
 *
 * <p>Apply writes as a replica ({@code session_replication_role = replica}, {@link #AS_REPLICA}):
 * the source's triggers and rules, made on the target tables with them, do not fire for what apply
 * writes — the rows already are what they made on the source — and fire for the application's own
 * writes after the switch. Setting it needs a superuser or {@code GRANT SET ON PARAMETER
 * session_replication_role} to Tributary's role; without either apply writes as before, and the
 * plan's answer says that the triggers would fire.
 */
final class ApplyRole {
  /**
   * Makes the transaction a replica's where Tributary's role may ({@code set_config} in a block
   * that ignores a refusal, so that a role without the right writes on).
   */
  static final String AS_REPLICA =
      "DO $tributary_replica$ BEGIN PERFORM pg_catalog.set_config('session_replication_role',"
          + " 'replica', true); EXCEPTION WHEN insufficient_privilege THEN NULL; END"
          + " $tributary_replica$";

  private final TargetSession session;
  private String current;

  ApplyRole(TargetSession session) {
    this.session = session;
  }

  /** The statements that follow write {@code table} (switches only when its schema changes). */
  void actFor(TableDef table) {
    String role = SchemaRoleDdlBuilder.applyRole(table.targetSchema());
    if (!role.equals(current)) {
      session.execute(
          current == null
              ? AS_REPLICA + "; " + SchemaRoleDdlBuilder.actAs(role)
              : SchemaRoleDdlBuilder.actAs(role));
      current = role;
    }
  }

  /**
   * Runs {@code sql} outside a transaction (autocommit) as the apply role of {@code table}'s
   * schema, then goes back to Tributary's own role whatever happened: the temporary staging tables
   * apply makes before a batch's transaction are then the apply role's, which writes through them.
   */
  static void runAs(TargetSession session, TableDef table, String sql) {
    session.execute(
        "SET ROLE " + Identifiers.quote(SchemaRoleDdlBuilder.applyRole(table.targetSchema())));
    try {
      session.execute(sql);
    } finally {
      session.execute(SchemaRoleDdlBuilder.RESUME);
    }
  }

  /** Back to Tributary's own role. */
  void resume() {
    if (current != null) {
      session.execute(SchemaRoleDdlBuilder.RESUME);
      current = null;
    }
  }
}
