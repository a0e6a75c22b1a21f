package io.tributary.orchestrator.freeze;

import io.tributary.common.naming.Identifiers;
import io.tributary.common.plan.PostgresUrl;
import io.tributary.source.spi.freeze.RoleFreeze;
import io.tributary.source.spi.freeze.SourceFreezeException;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;

/**
 * Freezes a PostgreSQL source that applications reach directly: each application role gets {@code
 * default_transaction_read_only = on} in the database, and its sessions are ended so they reconnect
 * read-only; on the migrated tables a write guard ({@link PostgresWriteGuardStatementBuilder})
 * refuses what the read-only default cannot stop — a session that sets it off, a {@code SECURITY
 * DEFINER} function, the URL's own user, a superuser who does not set {@code
 * session_replication_role = replica} or drop the trigger. Roles, guard and their undo each run in
 * one transaction. The URL's own user (Tributary's capture user) and superusers are never made
 * read-only; walsenders are never ended.
 */
public class PostgresRoleFreezer implements RoleFreeze {
  /** LOGIN roles, not superusers, not us, with a write privilege on any of the tables. */
  static final String WRITING_ROLES =
      """
      SELECT r.rolname FROM pg_roles r
       WHERE r.rolcanlogin AND NOT r.rolsuper AND r.rolname <> current_user
         AND EXISTS (SELECT 1 FROM unnest(?::text[]) t(name)
                      WHERE to_regclass(t.name) IS NOT NULL
                        AND has_table_privilege(r.oid, to_regclass(t.name),
                                                'INSERT, UPDATE, DELETE, TRUNCATE'))
       ORDER BY r.rolname""";

  static final String END_SESSIONS =
      """
      SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
       WHERE datname = current_database() AND usename = ANY(?::text[])
         AND pid <> pg_backend_pid() AND backend_type = 'client backend'""";

  /** The roles' sessions ($1) that began before the unfreeze ($2): read-only for their life. */
  static final String END_FROZEN_SESSIONS =
      """
      SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
       WHERE datname = current_database() AND usename = ANY(?::text[])
         AND backend_start < ? AND pid <> pg_backend_pid()
         AND backend_type = 'client backend'""";

  static final String OUR_PRIVILEGES =
      """
      SELECT r.rolsuper, r.rolcreaterole,
             pg_has_role(current_user, 'pg_signal_backend', 'MEMBER') AS can_signal
        FROM pg_roles r WHERE r.rolname = current_user""";

  static final String EXISTING_ROLES =
      "SELECT rolname FROM pg_roles WHERE rolname = ANY(?::text[]) ORDER BY rolname";

  /**
   * Roles already read-only in this database by their own setting: the freeze leaves them alone, so
   * that its undo never resets a setting the operator made.
   */
  static final String ALREADY_READ_ONLY =
      """
      SELECT r.rolname FROM pg_db_role_setting s
        JOIN pg_roles r ON r.oid = s.setrole
        JOIN pg_database d ON d.oid = s.setdatabase
       WHERE d.datname = current_database() AND r.rolname = ANY(?::text[])
         AND EXISTS (SELECT 1 FROM unnest(s.setconfig) c
                      WHERE lower(c) IN ('default_transaction_read_only=on',
                                         'default_transaction_read_only=true',
                                         'default_transaction_read_only=yes',
                                         'default_transaction_read_only=1'))""";

  /**
   * The roles a freeze would make read-only, looked up now.
   *
   * @param chosen the roles, without those already read-only in the database
   * @param missing roles the plan names that do not exist
   */
  record Roles(List<String> chosen, List<String> missing) {}

  /**
   * Whether a freeze of the roles could run now, without changing any: the roles it would make
   * read-only, and whether this connection's role may alter them and end their sessions.
   *
   * @return what stands in the way (empty when nothing does), then what the freeze would do as the
   *     last element
   */
  @Override
  public List<String> check(String url, List<String> roles, List<String> tables, Duration timeout) {
    PostgresUrl source = PostgresUrl.parse(url);
    List<String> problems = new ArrayList<>();
    try (Connection c = open(source, timeout)) {
      Roles found = roles(c, roles, tables);
      if (!found.missing().isEmpty()) {
        problems.add("roles " + found.missing() + " do not exist");
      }
      try (Statement st = c.createStatement();
          ResultSet rs = st.executeQuery(OUR_PRIVILEGES)) {
        rs.next();
        boolean superuser = rs.getBoolean("rolsuper");
        if (!superuser && !rs.getBoolean("rolcreaterole")) {
          problems.add(
              "role "
                  + source.user()
                  + " can neither ALTER ROLE (needs CREATEROLE) nor is superuser");
        }
        if (!superuser && !rs.getBoolean("can_signal")) {
          problems.add(
              "role "
                  + source.user()
                  + " cannot end other roles' sessions (needs pg_signal_backend)");
        }
      }
      List<GuardTable> guarded = guardTables(c, tables);
      List<String> refused =
          guarded.stream().filter(t -> !t.allowed()).map(GuardTable::qualified).toList();
      if (!refused.isEmpty()) {
        problems.add(
            "role "
                + source.user()
                + " cannot put the write guard on "
                + refused
                + " (needs the TRIGGER privilege on each table and CREATE on its schema, e.g. as"
                + " the tables' owner): without it a session that sets"
                + " default_transaction_read_only off, a SECURITY DEFINER function, the URL's own"
                + " user or a superuser could write after the final check, and the write would be"
                + " lost at the switch");
      }
      problems.add(
          (found.chosen().isEmpty()
                  ? "no role but the URL's own user and superusers may write the tables"
                  : "roles "
                      + found.chosen()
                      + " would be made read-only in database "
                      + source.database())
              + "; a write guard would refuse every write to "
              + guarded.size()
              + " tables but the write-back's");
    } catch (SQLException e) {
      problems.add("cannot connect to the source: " + e.getMessage());
      problems.add("");
    }
    return problems;
  }

  /**
   * The roles a freeze will make read-only, looked up before it acts so that they are recorded
   * first: the plan's roles, or every LOGIN role with write privileges on {@code tables}; roles
   * already read-only in the database by their own setting are left out.
   *
   * @param roles the plan's roles; null or empty to find them
   * @param tables quoted, schema-qualified tables ({@code "public"."orders"})
   * @throws SourceFreezeException when a role the plan names does not exist, or the source cannot
   *     be read
   */
  @Override
  public List<String> resolve(
      String url, List<String> roles, List<String> tables, Duration timeout) {
    PostgresUrl source = PostgresUrl.parse(url);
    try (Connection c = open(source, timeout)) {
      Roles found = roles(c, roles, tables);
      if (!found.missing().isEmpty()) {
        throw new SourceFreezeException(
            "the plan's freeze roles "
                + found.missing()
                + " do not exist in "
                + source
                + ": nothing was frozen");
      }
      return found.chosen();
    } catch (SQLException e) {
      throw new SourceFreezeException(
          "could not find the application roles of " + source + ": " + e.getMessage(), e);
    }
  }

  /**
   * Makes the roles read-only and puts the write guard on the tables, all in one transaction (none
   * is left read-only or guarded when one cannot be), then ends the roles' sessions.
   *
   * @param roles the roles {@link #resolve} found
   * @param tables quoted, schema-qualified tables to guard
   */
  @Override
  public FrozenRoles freeze(
      String url, List<String> roles, List<String> tables, String message, Duration timeout) {
    PostgresUrl source = PostgresUrl.parse(url);
    try (Connection c = open(source, timeout)) {
      c.setAutoCommit(false);
      int guarded;
      try (Statement st = c.createStatement()) {
        st.execute("SET LOCAL lock_timeout = " + Math.max(1, timeout.toMillis()));
        for (String role : roles) {
          st.execute(
              "ALTER ROLE "
                  + Identifiers.quote(role)
                  + " IN DATABASE "
                  + Identifiers.quote(source.database())
                  + " SET default_transaction_read_only = on");
        }
        guarded = guard(c, st, tables, message, source.user());
        c.commit();
      } catch (SQLException e) {
        c.rollback();
        throw e;
      }
      c.setAutoCommit(true);
      int ended = 0;
      if (!roles.isEmpty()) {
        try (PreparedStatement st = c.prepareStatement(END_SESSIONS)) {
          Array names = c.createArrayOf("text", roles.toArray());
          st.setArray(1, names);
          try (ResultSet rs = st.executeQuery()) {
            rs.next();
            ended = rs.getInt(1);
          }
        }
      }
      return new FrozenRoles(source.database(), List.copyOf(roles), ended, guarded);
    } catch (SQLException e) {
      throw new SourceFreezeException(
          "could not freeze " + source + " (read-only roles, write guard): " + e.getMessage(), e);
    }
  }

  /** A table the guard would go on, and whether this session may put it there. */
  record GuardTable(String schema, String table, boolean allowed) {
    String qualified() {
      return Identifiers.quote(schema) + "." + Identifiers.quote(table);
    }
  }

  private static List<GuardTable> guardTables(Connection c, List<String> tables)
      throws SQLException {
    List<GuardTable> out = new ArrayList<>();
    if (tables.isEmpty()) {
      return out;
    }
    try (PreparedStatement ps = c.prepareStatement(PostgresWriteGuardStatementBuilder.TABLES)) {
      ps.setArray(1, c.createArrayOf("text", quotedTables(tables)));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(
              new GuardTable(
                  rs.getString(1),
                  rs.getString(2),
                  rs.getBoolean("can_trigger") && rs.getBoolean("can_create")));
        }
      }
    }
    return out;
  }

  /** Puts the guard on the tables, in the caller's transaction; how many got it. */
  private static int guard(
      Connection c, Statement st, List<String> tables, String message, String user)
      throws SQLException {
    List<GuardTable> found = guardTables(c, tables);
    Set<String> schemas = new LinkedHashSet<>();
    for (GuardTable t : found) {
      if (schemas.add(t.schema())) {
        st.execute(PostgresWriteGuardStatementBuilder.createFunction(t.schema()));
      }
      st.execute(PostgresWriteGuardStatementBuilder.dropTrigger(t.schema(), t.table()));
      st.execute(
          PostgresWriteGuardStatementBuilder.createTrigger(t.schema(), t.table(), message, user));
    }
    return found.size();
  }

  /** Drops every guard trigger and function of the database, in the caller's transaction. */
  private static void unguard(Connection c, Statement st) throws SQLException {
    List<String[]> triggers = new ArrayList<>();
    try (ResultSet rs = st.executeQuery(PostgresWriteGuardStatementBuilder.GUARDED_TABLES)) {
      while (rs.next()) {
        triggers.add(new String[] {rs.getString(1), rs.getString(2)});
      }
    }
    for (String[] t : triggers) {
      st.execute(PostgresWriteGuardStatementBuilder.dropTrigger(t[0], t[1]));
    }
    List<String> schemas = new ArrayList<>();
    try (ResultSet rs = st.executeQuery(PostgresWriteGuardStatementBuilder.GUARD_SCHEMAS)) {
      while (rs.next()) {
        schemas.add(rs.getString(1));
      }
    }
    for (String schema : schemas) {
      st.execute(PostgresWriteGuardStatementBuilder.dropFunction(schema));
    }
  }

  private static Roles roles(Connection c, List<String> roles, List<String> tables)
      throws SQLException {
    List<String> chosen = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    if (roles == null || roles.isEmpty()) {
      chosen.addAll(names(c, WRITING_ROLES, quotedTables(tables)));
    } else {
      chosen.addAll(names(c, EXISTING_ROLES, roles.toArray()));
      missing.addAll(roles);
      missing.removeAll(chosen);
    }
    if (!chosen.isEmpty()) {
      chosen.removeAll(names(c, ALREADY_READ_ONLY, chosen.toArray()));
    }
    return new Roles(List.copyOf(chosen), List.copyOf(missing));
  }

  private static List<String> names(Connection c, String sql, Object[] array) throws SQLException {
    List<String> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setArray(1, c.createArrayOf("text", array));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
    }
    return out;
  }

  /**
   * Resets the roles' read-only setting in the database and drops every write guard there (one
   * transaction), then ends the roles' sessions that began before the reset: a session opened while
   * the roles were frozen keeps {@code default_transaction_read_only = on} for its life, so the
   * application's pool would stay read-only after a rollback until it reconnects (found by the
   * fault suite). Idempotent.
   */
  @Override
  public void unfreeze(String url, String database, List<String> roles, Duration timeout) {
    PostgresUrl source = PostgresUrl.parse(url);
    try (Connection c = open(source, timeout);
        Statement st = c.createStatement()) {
      Timestamp before;
      try (ResultSet rs = st.executeQuery("SELECT clock_timestamp()")) {
        rs.next();
        before = rs.getTimestamp(1);
      }
      // a role dropped since the freeze is no longer read-only anywhere
      List<String> existing = names(c, EXISTING_ROLES, roles.toArray());
      c.setAutoCommit(false);
      try {
        st.execute("SET LOCAL lock_timeout = " + Math.max(1, timeout.toMillis()));
        for (String role : existing) {
          st.execute(
              "ALTER ROLE "
                  + Identifiers.quote(role)
                  + " IN DATABASE "
                  + Identifiers.quote(database)
                  + " RESET default_transaction_read_only");
        }
        unguard(c, st);
        c.commit();
      } catch (SQLException e) {
        c.rollback();
        throw e;
      }
      c.setAutoCommit(true);
      if (!existing.isEmpty()) {
        try (PreparedStatement ps = c.prepareStatement(END_FROZEN_SESSIONS)) {
          ps.setArray(1, c.createArrayOf("text", existing.toArray()));
          ps.setTimestamp(2, before);
          ps.execute();
        }
      }
    } catch (SQLException e) {
      throw new SourceFreezeException(
          "could not make roles "
              + roles
              + " of "
              + source
              + " writable again and drop its write guard: "
              + e.getMessage(),
          e);
    }
  }

  /** The tables as {@code to_regclass} reads them: already quoted and qualified. */
  private static Object[] quotedTables(List<String> tables) {
    return tables.toArray();
  }

  private static Connection open(PostgresUrl url, Duration timeout) throws SQLException {
    Properties props = url.credentials();
    int seconds = (int) Math.max(1, (timeout.toMillis() + 999) / 1000);
    props.setProperty("connectTimeout", Integer.toString(seconds));
    props.setProperty("socketTimeout", Integer.toString(Math.max(seconds, 30)));
    props.setProperty("ApplicationName", "tributary-cutover");
    return DriverManager.getConnection(url.jdbcUrl(), props);
  }
}
