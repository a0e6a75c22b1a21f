package io.tributary.orchestrator.freeze.postgres;

import io.tributary.common.plan.PostgresUrl;
import io.tributary.common.sql.Identifiers;
import io.tributary.orchestrator.freeze.SourceFreezeException;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
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
public class PostgresRoleFreezer {
  /**
   * What a freeze did.
   *
   * @param database the source database
   * @param roles the roles made read-only there
   * @param sessionsEnded how many of their sessions were ended
   */
  public record FrozenRoles(String database, List<String> roles, int sessionsEnded) {}

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

  static final String OUR_PRIVILEGES =
      """
      SELECT r.rolsuper, r.rolcreaterole,
             pg_has_role(current_user, 'pg_signal_backend', 'MEMBER') AS can_signal
        FROM pg_roles r WHERE r.rolname = current_user""";

  static final String EXISTING_ROLES =
      "SELECT rolname FROM pg_roles WHERE rolname = ANY(?::text[]) ORDER BY rolname";

  /**
   * Whether a freeze of the roles could run now, without changing any: the roles it would make
   * read-only, and whether this connection's role may alter them and end their sessions.
   *
   * @return what stands in the way (empty when nothing does), then what the freeze would do as the
   *     last element
   */
  public List<String> check(String url, List<String> roles, List<String> tables, Duration timeout) {
    PostgresUrl source = PostgresUrl.parse(url);
    List<String> problems = new ArrayList<>();
    try (Connection c = open(source, timeout)) {
      List<String> chosen = new ArrayList<>();
      if (roles == null || roles.isEmpty()) {
        try (PreparedStatement ps = c.prepareStatement(WRITING_ROLES)) {
          ps.setArray(1, c.createArrayOf("text", quotedTables(tables)));
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              chosen.add(rs.getString(1));
            }
          }
        }
      } else {
        try (PreparedStatement ps = c.prepareStatement(EXISTING_ROLES)) {
          ps.setArray(1, c.createArrayOf("text", roles.toArray()));
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              chosen.add(rs.getString(1));
            }
          }
        }
        List<String> missing = new ArrayList<>(roles);
        missing.removeAll(chosen);
        if (!missing.isEmpty()) {
          problems.add("roles " + missing + " do not exist");
        }
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
          chosen.isEmpty()
              ? "no role writes to the tables: the freeze would have nothing to do"
              : "roles " + chosen + " would be made read-only in database " + source.database());
    } catch (SQLException e) {
      problems.add("cannot connect to the source: " + e.getMessage());
      problems.add("");
    }
    return problems;
  }

  /**
   * Makes the roles read-only and ends their sessions.
   *
   * @param roles the roles; null or empty: every role with write privileges on {@code tables}
   * @param tables schema-qualified tables ({@code public.orders})
   */
  public FrozenRoles freeze(String url, List<String> roles, List<String> tables, Duration timeout) {
    PostgresUrl source = PostgresUrl.parse(url);
    try (Connection c = open(source, timeout)) {
      List<String> chosen = new ArrayList<>();
      if (roles != null && !roles.isEmpty()) {
        chosen.addAll(roles);
      } else {
        try (PreparedStatement st = c.prepareStatement(WRITING_ROLES)) {
          st.setArray(1, c.createArrayOf("text", quotedTables(tables)));
          try (ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
              chosen.add(rs.getString(1));
            }
          }
        }
      }
      try (Statement st = c.createStatement()) {
        for (String role : chosen) {
          st.execute(
              "ALTER ROLE "
                  + Identifiers.quote(role)
                  + " IN DATABASE "
                  + Identifiers.quote(source.database())
                  + " SET default_transaction_read_only = on");
        }
      }
      int ended = 0;
      if (!chosen.isEmpty()) {
        try (PreparedStatement st = c.prepareStatement(END_SESSIONS)) {
          Array names = c.createArrayOf("text", chosen.toArray());
          st.setArray(1, names);
          try (ResultSet rs = st.executeQuery()) {
            rs.next();
            ended = rs.getInt(1);
          }
        }
      }
      return new FrozenRoles(source.database(), List.copyOf(chosen), ended);
    } catch (SQLException e) {
      throw new SourceFreezeException(
          "could not make the application roles of " + source + " read-only: " + e.getMessage(), e);
    }
  }

  /** Resets the roles' read-only setting in the database; idempotent. */
  public void unfreeze(String url, String database, List<String> roles, Duration timeout) {
    PostgresUrl source = PostgresUrl.parse(url);
    try (Connection c = open(source, timeout);
        Statement st = c.createStatement()) {
      for (String role : roles) {
        st.execute(
            "ALTER ROLE "
                + Identifiers.quote(role)
                + " IN DATABASE "
                + Identifiers.quote(database)
                + " RESET default_transaction_read_only");
      }
    } catch (SQLException e) {
      throw new SourceFreezeException(
          "could not make roles " + roles + " of " + source + " writable again: " + e.getMessage(),
          e);
    }
  }

  private static Object[] quotedTables(List<String> tables) {
    List<String> out = new ArrayList<>();
    for (String t : tables) {
      int dot = t.indexOf('.');
      out.add(
          dot < 0
              ? Identifiers.quote(t)
              : Identifiers.qualified(t.substring(0, dot), t.substring(dot + 1)));
    }
    return out.toArray();
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
