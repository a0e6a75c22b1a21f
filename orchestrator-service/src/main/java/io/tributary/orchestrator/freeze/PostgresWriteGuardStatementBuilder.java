package io.tributary.orchestrator.freeze;

import io.tributary.common.naming.Identifiers;
import io.tributary.source.spi.freeze.RoleFreeze;

/**
 * The write guard of a frozen PostgreSQL database: a statement-level {@code BEFORE INSERT OR UPDATE
 * OR DELETE OR TRUNCATE} trigger on each migrated table that refuses the statement (SQLSTATE {@code
 * 25006}, read-only transaction, with the freeze's message). Read-only roles alone stop only the
 * sessions that keep their default: a session may {@code SET default_transaction_read_only = off},
 * a function declared {@code SECURITY DEFINER} writes with its owner's rights, and the URL's own
 * user and superusers are never made read-only. The trigger fires for every one of them.
 *
 * <p>What passes: Tributary's write-back, recognized by its session ({@code session_user} is the
 * URL's user and {@code application_name} is {@value #WRITE_BACK_APPLICATION}), and sessions in
 * {@code session_replication_role = replica} (ordinary triggers do not fire there; setting it needs
 * a superuser or the privilege to set it, a deliberate act). A superuser can also drop the trigger:
 * no freeze inside PostgreSQL stops a superuser who means to write.
 *
 * <p>One trigger function per schema ({@value #NAME}, {@code SET search_path = pg_catalog}), one
 * trigger per table, both named {@value #NAME}; a freeze's undo drops every one of that name in the
 * database. Builds strings only.
 */
public final class PostgresWriteGuardStatementBuilder {
  /** The name of the guard's triggers and trigger functions. */
  public static final String NAME = RoleFreeze.WRITE_GUARD;

  /** The {@code application_name} of the write-back's sessions, which the guard lets pass. */
  public static final String WRITE_BACK_APPLICATION = RoleFreeze.WRITE_BACK_APPLICATION;

  private PostgresWriteGuardStatementBuilder() {}

  /**
   * The guard's function in {@code schema}: refuses the statement with the trigger's first argument
   * as message, unless the session is the write-back's (the user named by the second argument and
   * {@value #WRITE_BACK_APPLICATION}). Its body is the same text whatever the names.
   */
  public static String createFunction(String schema) {
    return "CREATE OR REPLACE FUNCTION "
        + function(schema)
        + "() RETURNS trigger LANGUAGE plpgsql SET search_path = pg_catalog AS $tributary$\n"
        + "BEGIN\n"
        + "  IF session_user = TG_ARGV[1] AND current_setting('application_name') = '"
        + WRITE_BACK_APPLICATION
        + "' THEN\n"
        + "    RETURN NULL;\n"
        + "  END IF;\n"
        + "  RAISE EXCEPTION USING ERRCODE = 'read_only_sql_transaction', MESSAGE = TG_ARGV[0],\n"
        + "    HINT = 'the table was frozen by a Tributary cutover (trigger "
        + NAME
        + ")';\n"
        + "END\n"
        + "$tributary$";
  }

  /** Drops a trigger of an earlier freeze of {@code schema.table}, if any, before creating it. */
  public static String dropTrigger(String schema, String table) {
    return "DROP TRIGGER IF EXISTS "
        + Identifiers.quote(NAME)
        + " ON "
        + Identifiers.quote(schema)
        + "."
        + Identifiers.quote(table);
  }

  /**
   * The guard's trigger on {@code schema.table}, refusing writes with {@code message} but for the
   * write-back's sessions of {@code user}.
   */
  public static String createTrigger(String schema, String table, String message, String user) {
    return "CREATE TRIGGER "
        + Identifiers.quote(NAME)
        + " BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON "
        + Identifiers.quote(schema)
        + "."
        + Identifiers.quote(table)
        + " FOR EACH STATEMENT EXECUTE FUNCTION "
        + function(schema)
        + "("
        + Identifiers.literal(message)
        + ", "
        + Identifiers.literal(user)
        + ")";
  }

  /** Drops the guard's function of {@code schema} (after its triggers). */
  public static String dropFunction(String schema) {
    return "DROP FUNCTION IF EXISTS " + function(schema) + "()";
  }

  /**
   * The schema and name of each table ($1: quoted, qualified names as {@code to_regclass} reads
   * them), with whether this session may put a trigger on it and a function in its schema.
   */
  public static final String TABLES =
      """
      SELECT n.nspname, c.relname,
             has_table_privilege(c.oid, 'TRIGGER') AS can_trigger,
             has_schema_privilege(n.oid, 'CREATE') AS can_create
        FROM unnest(?::text[]) t(name)
        JOIN pg_class c ON c.oid = to_regclass(t.name)
        JOIN pg_namespace n ON n.oid = c.relnamespace
       ORDER BY 1, 2""";

  /** Every guard trigger in the database: schema and table. */
  public static final String GUARDED_TABLES =
      "SELECT n.nspname, c.relname FROM pg_trigger t"
          + " JOIN pg_class c ON c.oid = t.tgrelid"
          + " JOIN pg_namespace n ON n.oid = c.relnamespace"
          + " WHERE t.tgname = '"
          + NAME
          + "' ORDER BY 1, 2";

  /** Every schema holding a guard function. */
  public static final String GUARD_SCHEMAS =
      "SELECT DISTINCT n.nspname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace"
          + " WHERE p.proname = '"
          + NAME
          + "' AND p.pronargs = 0 ORDER BY 1";

  private static String function(String schema) {
    return Identifiers.quote(schema) + "." + Identifiers.quote(NAME);
  }
}
