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
import java.util.List;
import java.util.Properties;

/**
 * Freezes a PostgreSQL source that applications reach directly: each application role gets {@code
 * default_transaction_read_only = on} in the database, and its sessions are ended so they reconnect
 * read-only. The URL's own user (Tributary's capture user) and superusers are never touched;
 * walsenders are never ended. This stops applications that do not turn read-only off themselves — a
 * role that may {@code SET default_transaction_read_only = off} is not prevented; say so to
 * operators.
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
      problems.add(
          found.chosen().isEmpty()
              ? "no role writes to the tables: the freeze would have nothing to do"
              : "roles "
                  + found.chosen()
                  + " would be made read-only in database "
                  + source.database());
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
   * Makes the roles read-only, all of them in one transaction (none is left read-only when one
   * cannot be), then ends their sessions.
   *
   * @param roles the roles {@link #resolve} found
   */
  @Override
  public FrozenRoles freeze(String url, List<String> roles, Duration timeout) {
    PostgresUrl source = PostgresUrl.parse(url);
    try (Connection c = open(source, timeout)) {
      if (roles.isEmpty()) {
        return new FrozenRoles(source.database(), List.of(), 0);
      }
      c.setAutoCommit(false);
      try (Statement st = c.createStatement()) {
        for (String role : roles) {
          st.execute(
              "ALTER ROLE "
                  + Identifiers.quote(role)
                  + " IN DATABASE "
                  + Identifiers.quote(source.database())
                  + " SET default_transaction_read_only = on");
        }
        c.commit();
      } catch (SQLException e) {
        c.rollback();
        throw e;
      }
      c.setAutoCommit(true);
      int ended;
      try (PreparedStatement st = c.prepareStatement(END_SESSIONS)) {
        Array names = c.createArrayOf("text", roles.toArray());
        st.setArray(1, names);
        try (ResultSet rs = st.executeQuery()) {
          rs.next();
          ended = rs.getInt(1);
        }
      }
      return new FrozenRoles(source.database(), List.copyOf(roles), ended);
    } catch (SQLException e) {
      throw new SourceFreezeException(
          "could not make the application roles of " + source + " read-only: " + e.getMessage(), e);
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
   * Resets the roles' read-only setting in the database, then ends their sessions that began before
   * the reset: a session opened while the roles were frozen keeps {@code
   * default_transaction_read_only = on} for its life, so the application's pool would stay
   * read-only after a rollback until it reconnects (found by the fault suite). Idempotent.
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
      for (String role : existing) {
        st.execute(
            "ALTER ROLE "
                + Identifiers.quote(role)
                + " IN DATABASE "
                + Identifiers.quote(database)
                + " RESET default_transaction_read_only");
      }
      if (!existing.isEmpty()) {
        try (PreparedStatement ps = c.prepareStatement(END_FROZEN_SESSIONS)) {
          ps.setArray(1, c.createArrayOf("text", existing.toArray()));
          ps.setTimestamp(2, before);
          ps.execute();
        }
      }
    } catch (SQLException e) {
      throw new SourceFreezeException(
          "could not make roles " + roles + " of " + source + " writable again: " + e.getMessage(),
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
