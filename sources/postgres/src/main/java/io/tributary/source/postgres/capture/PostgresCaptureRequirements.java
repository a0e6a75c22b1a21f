package io.tributary.source.postgres.capture;

import io.tributary.common.naming.Identifiers;
import java.util.ArrayList;
import java.util.List;

/**
 * What change data capture needs of a PostgreSQL source: logical decoding ({@code
 * wal_level=logical}), a user that may open a replication connection (a superuser, or a role with
 * {@code REPLICATION}), and may read what it migrates ({@code USAGE} on every mapped schema, {@code
 * SELECT} on every migrated table: the snapshot and the validator read them). Holds the queries
 * that read these and the sentences that say what to do; runs nothing.
 */
public final class PostgresCaptureRequirements {
  /** One row: {@code wal_level}, the user, whether it is a superuser, whether it may replicate. */
  public static final String QUERY =
      """
      SELECT current_setting('wal_level'), current_user, r.rolsuper, r.rolreplication
        FROM pg_roles r
       WHERE r.rolname = current_user""";

  /**
   * The given schemas ({@code text[]} parameter) that exist but the user may not use: their catalog
   * cannot be read.
   */
  public static final String SCHEMAS_WITHOUT_USAGE =
      """
      SELECT s.name
        FROM unnest(?::text[]) AS s(name)
       WHERE EXISTS (SELECT 1 FROM pg_namespace n WHERE n.nspname = s.name)
         AND NOT has_schema_privilege(s.name, 'USAGE')""";

  /** Tables of the given schemas ({@code text[]} parameter) the user may not SELECT from. */
  public static final String TABLES_WITHOUT_SELECT =
      """
      SELECT n.nspname, c.relname
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = ANY (?) AND c.relkind IN ('r', 'p')
         AND NOT has_table_privilege(c.oid, 'SELECT')
       ORDER BY 1, 2""";

  private PostgresCaptureRequirements() {}

  /** What to do about a schema the user may not use. */
  public static String schemaWithoutUsage(String schema, String user) {
    return "user '"
        + user
        + "' may not use schema "
        + schema
        + ": run GRANT USAGE ON SCHEMA "
        + Identifiers.quote(schema)
        + " TO "
        + Identifiers.quote(user)
        + " (and GRANT SELECT ON ALL TABLES IN SCHEMA "
        + Identifiers.quote(schema)
        + " TO "
        + Identifiers.quote(user)
        + ")";
  }

  /** What to do about a table the user may not read. */
  public static String tableWithoutSelect(String schema, String table, String user) {
    return "user '"
        + user
        + "' may not read table "
        + schema
        + "."
        + table
        + ": run GRANT SELECT ON "
        + Identifiers.qualified(schema, table)
        + " TO "
        + Identifiers.quote(user)
        + ", or list "
        + schema
        + "."
        + table
        + " under exclude";
  }

  /**
   * What {@link #QUERY} found.
   *
   * @param walLevel the server's {@code wal_level}
   * @param user the connected user
   * @param superuser whether the user is a superuser
   * @param replication whether the user has the {@code REPLICATION} attribute
   */
  public record Observed(String walLevel, String user, boolean superuser, boolean replication) {}

  /**
   * What is missing, one sentence each saying what to do; empty when capture can run.
   *
   * @param server the source, for messages ({@code user@host:port/database})
   */
  public static List<String> problems(Observed observed, String server) {
    List<String> problems = new ArrayList<>();
    if (!"logical".equals(observed.walLevel())) {
      problems.add(
          "wal_level is '"
              + observed.walLevel()
              + "' on "
              + server
              + ", but capture needs logical decoding: set wal_level=logical (postgresql.conf or"
              + " ALTER SYSTEM SET wal_level = logical) and restart the server");
    }
    if (!observed.superuser() && !observed.replication()) {
      problems.add(
          "user '"
              + observed.user()
              + "' may not replicate, but capture reads changes through a replication slot: run"
              + " ALTER ROLE "
              + Identifiers.quote(observed.user())
              + " WITH REPLICATION, or name a user that has it in the url");
    }
    return problems;
  }
}
