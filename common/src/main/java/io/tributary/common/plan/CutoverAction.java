package io.tributary.common.plan;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * One switch action of a plan's cutover ({@code cutover.actions}): what tells the applications to
 * use the target once it is verified. Actions run in the order the plan lists them.
 */
public sealed interface CutoverAction {
  /** The action's kind as written in plans ({@code pgbouncer}, {@code webhook}, ...). */
  String kind();

  /**
   * Applications of a PostgreSQL source connect through a PgBouncer: the freeze pauses the database
   * there ({@code PAUSE}), the switch points the database's entry at the target and resumes it, so
   * clients wait a moment instead of failing.
   *
   * @param source the plan source whose applications connect through this PgBouncer
   * @param admin the admin console, {@code postgresql://user[:password]@host:port/pgbouncer}
   * @param database the PgBouncer database name the applications use
   * @param config the pgbouncer.ini whose {@code [databases]} entry the switch rewrites
   * @param targetUser the role PgBouncer logs in to the target as (default: the source's target
   *     schema, whose role owns it and finds its tables first on its search_path)
   * @param targetPassword that role's password, or null (trust, or a PgBouncer auth setting)
   */
  record PgBouncer(
      String source,
      String admin,
      String database,
      Path config,
      String targetUser,
      String targetPassword)
      implements CutoverAction {
    @Override
    public String kind() {
      return "pgbouncer";
    }
  }

  /**
   * An HTTP POST of the switch (the migration, and per source the new connection settings) as JSON;
   * any status other than 2xx fails the action.
   */
  record Webhook(URI url, Map<String, String> headers, Duration timeout) implements CutoverAction {
    public Webhook {
      headers = headers == null ? Map.of() : Map.copyOf(headers);
    }

    @Override
    public String kind() {
      return "webhook";
    }
  }

  /** A message with the new connection settings on a Kafka topic, keyed by migration. */
  record Event(String topic) implements CutoverAction {
    @Override
    public String kind() {
      return "event";
    }
  }

  /**
   * Writes the new connection settings as a shell-syntax env file ({@code DATABASE_URL}, {@code
   * PGHOST}, ..., {@code PGOPTIONS} with the search path), replaced atomically.
   *
   * @param source the source whose applications read the file, null when the plan has one source
   */
  record EnvFile(Path path, String source) implements CutoverAction {
    @Override
    public String kind() {
      return "env-file";
    }
  }
}
