package io.tributary.orchestrator.provision;

import java.util.ArrayList;
import java.util.List;

/**
 * What change data capture needs of a PostgreSQL source: logical decoding ({@code
 * wal_level=logical}) and a user that may open a replication connection (a superuser, or a role
 * with {@code REPLICATION}). Holds the query that reads both and judges its answer; runs nothing.
 */
public final class PostgresCaptureRequirements {
  /** One row: {@code wal_level}, the user, whether it is a superuser, whether it may replicate. */
  public static final String QUERY =
      """
      SELECT current_setting('wal_level'), current_user, r.rolsuper, r.rolreplication
        FROM pg_roles r
       WHERE r.rolname = current_user""";

  private PostgresCaptureRequirements() {}

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
              + " ALTER ROLE \""
              + observed.user().replace("\"", "\"\"")
              + "\" WITH REPLICATION, or name a user that has it in the url");
    }
    return problems;
  }
}
