package io.tributary.orchestrator.command;

import io.tributary.orchestrator.OrchestratorConfig;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * The nonces of the commands run ({@code tributary.command_nonces}), kept while a command could
 * still run ({@code tributary.orchestrator.command-max-age}): the same record written to the topic
 * again, or read again by another consumer group, runs nothing a second time.
 */
@ApplicationScoped
class CommandNonces {
  static final String CLAIM =
      """
      INSERT INTO tributary.command_nonces (nonce, migration_id, issued_at) VALUES ($1, $2, $3)
      ON CONFLICT (nonce) DO NOTHING""";

  static final String FORGET =
      "DELETE FROM tributary.command_nonces WHERE issued_at < now() - make_interval(secs => $1)";

  private final Pool pool;
  private final OrchestratorConfig config;

  CommandNonces(Pool pool, OrchestratorConfig config) {
    this.pool = pool;
    this.config = config;
  }

  /**
   * Records the command's nonce; false when it was recorded before (the command ran, or was refused
   * after its signature was checked).
   */
  boolean claim(SignedCommand command) {
    Duration timeout = config.databaseTimeout();
    // forget what can no longer run: twice the maximum age, for clocks that disagree
    pool.preparedQuery(FORGET)
        .execute(Tuple.of((double) config.commandMaxAge().multipliedBy(2).toSeconds()))
        .await()
        .atMost(timeout);
    OffsetDateTime issued =
        OffsetDateTime.ofInstant(Instant.ofEpochMilli(command.issuedAt()), ZoneOffset.UTC);
    return pool.preparedQuery(CLAIM)
            .execute(Tuple.of(command.nonce(), command.migration(), issued))
            .await()
            .atMost(timeout)
            .rowCount()
        == 1;
  }
}
