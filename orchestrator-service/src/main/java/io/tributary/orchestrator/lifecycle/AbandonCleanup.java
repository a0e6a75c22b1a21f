package io.tributary.orchestrator.lifecycle;

import io.smallrye.common.annotation.Identifier;
import io.smallrye.mutiny.Uni;
import io.tributary.common.control.MigrationState;
import io.tributary.common.kafka.KafkaAdmins;
import io.tributary.common.kafka.KafkaSettings;
import io.tributary.common.naming.Identifiers;
import io.tributary.orchestrator.OrchestratorConfig;
import io.tributary.orchestrator.behind.BehindApply;
import io.tributary.orchestrator.state.MigrationNotFoundException;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.jboss.logging.Logger;

/**
 * Cleans up after an abandoned migration, one attempt at a time (the abandon runs one, {@link
 * AbandonSweeper} the next until done):
 *
 * <ol>
 *   <li>with {@code dropTarget}, drops its target schemas (apply no longer writes into an abandoned
 *       migration's tables: it checks the state under a lock in every batch);
 *   <li>waits until cdc-service has removed the change capture of every source (it does so as soon
 *       as it sees the migration ended, and records it);
 *   <li>then deletes the migration's topics (only then: a capture still running would write into
 *       them again) and apply's offsets and snapshot generations of those topics, and records the
 *       migration as cleaned up, which frees its id.
 * </ol>
 */
@ApplicationScoped
public class AbandonCleanup {
  private static final Logger LOG = Logger.getLogger(AbandonCleanup.class);

  private final Pool pool;
  private final OrchestratorConfig config;
  private final KafkaSettings kafka;
  private final BehindApply behindApply;
  private Admin admin;

  public AbandonCleanup(
      Pool pool,
      OrchestratorConfig config,
      @Identifier("default-kafka-broker") Map<String, Object> kafka,
      BehindApply behindApply) {
    this.behindApply = behindApply;
    this.pool = pool;
    this.config = config;
    this.kafka = KafkaSettings.of(kafka);
  }

  /**
   * One attempt: does what can be done now and reports what is left. One at a time in this process:
   * an abandon waiting for its cleanup and the sweep would otherwise drop the same schemas and
   * delete the same topics side by side.
   *
   * @throws MigrationNotFoundException when no such migration is recorded
   */
  public synchronized AbandonReport attempt(String migration) {
    AbandonReport now = read(migration);
    if (now.state() != MigrationState.ABANDONED) {
      return now;
    }
    try {
      if (now.dropTarget() && !now.targetSchemasLeft().isEmpty()) {
        // also when asked for after the rest was cleaned up
        dropSchemas(migration, now.targetSchemasLeft());
      }
      if (now.cleanedUp()) {
        return read(migration);
      }
      List<String> waiting =
          now.sources().stream()
              .filter(s -> s.captureRemovedAt() == null)
              .map(AbandonReport.SourceCleanup::name)
              .toList();
      if (!waiting.isEmpty()) {
        waits(
            migration,
            "cdc-service to remove the change capture of source"
                + (waiting.size() == 1 ? " " : "s ")
                + String.join(", ", waiting)
                + " (it does once it sees the migration abandoned; is cdc-service running and"
                + " the source reachable?)");
        return read(migration);
      }
      if (!now.dropTarget()) {
        // the schemas stay: a cutover's record on their tables goes (it records nothing useful
        // any more, and would call into the control schema on every write)
        behindApply.remove(migration);
      }
      deleteTopics(now.topics());
      String[] topics = now.topics().toArray(String[]::new);
      pool.withTransaction(
              c ->
                  c.preparedQuery(LifecycleStatements.FORGET_OFFSETS)
                      .execute(Tuple.of(topics))
                      .chain(
                          () ->
                              c.preparedQuery(LifecycleStatements.FORGET_GENERATIONS)
                                  .execute(Tuple.of(topics)))
                      .chain(
                          () ->
                              c.preparedQuery(LifecycleStatements.CLEANED_UP)
                                  .execute(Tuple.of(migration))))
          .await()
          .atMost(config.databaseTimeout());
      LOG.infof(
          "Abandoned migration %s cleaned up: change capture removed from %d sources, %d topics"
              + " deleted%s",
          migration,
          now.sources().size(),
          topics.length,
          now.dropTarget() ? ", target schemas " + now.targetSchemas() + " dropped" : "");
    } catch (RuntimeException e) {
      String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      LOG.warnf("Cleanup of abandoned migration %s failed, tried again: %s", migration, why);
      waits(migration, "a retry after: " + why);
    }
    return read(migration);
  }

  /** Where the cleanup of a migration stands, read from the control schema. */
  public AbandonReport read(String migration) {
    Row row = null;
    for (Row r :
        pool.preparedQuery(LifecycleStatements.CLEANUP_STATE)
            .execute(Tuple.of(migration))
            .await()
            .atMost(config.databaseTimeout())) {
      row = r;
    }
    if (row == null) {
      throw new MigrationNotFoundException(migration);
    }
    List<AbandonReport.SourceCleanup> sources = new ArrayList<>();
    for (Row r :
        pool.preparedQuery(LifecycleStatements.SOURCES)
            .execute(Tuple.of(migration))
            .await()
            .atMost(config.databaseTimeout())) {
      sources.add(
          new AbandonReport.SourceCleanup(
              r.getString("name"), r.getString("kind"), r.getOffsetDateTime("capture_removed_at")));
    }
    List<String> schemas = Arrays.asList(row.getArrayOfStrings("schemas"));
    List<String> left = new ArrayList<>();
    for (Row r :
        pool.preparedQuery(LifecycleStatements.EXISTING_SCHEMAS)
            .execute(Tuple.of(schemas.toArray(String[]::new)))
            .await()
            .atMost(config.databaseTimeout())) {
      left.add(r.getString("nspname"));
    }
    boolean cleanedUp = row.getString("cleaned_up_at") != null;
    return new AbandonReport(
        migration,
        MigrationState.valueOf(row.getString("state")),
        row.getBoolean("drop_target"),
        sources,
        Arrays.asList(row.getArrayOfStrings("topics")),
        schemas,
        left,
        cleanedUp,
        cleanedUp ? null : row.getString("cleanup_error"));
  }

  private void dropSchemas(String migration, List<String> schemas) {
    pool.withTransaction(
            c -> {
              Uni<?> chain = Uni.createFrom().voidItem();
              for (String schema : schemas) {
                String drop = "DROP SCHEMA IF EXISTS " + Identifiers.quote(schema) + " CASCADE";
                chain = chain.chain(() -> c.query(drop).execute());
              }
              return chain;
            })
        .await()
        .atMost(config.databaseTimeout());
    LOG.infof("Abandoned migration %s: target schemas %s dropped", migration, schemas);
  }

  /** Deletes those of {@code topics} that exist and waits until Kafka has deleted them. */
  private void deleteTopics(List<String> topics) {
    if (topics.isEmpty()) {
      return;
    }
    Duration timeout = config.abandonWait();
    try {
      List<String> present = present(topics, timeout);
      if (present.isEmpty()) {
        return;
      }
      admin().deleteTopics(present).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      long deadline = System.nanoTime() + timeout.toNanos();
      while (!present(present, timeout).isEmpty()) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "Kafka still lists topics " + present(present, timeout) + " after deleting them");
        }
        Thread.sleep(100); // Kafka offers no notification of a topic gone
      }
      LOG.infof("Deleted topics %s", present);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException(
          "Kafka did not delete the topics " + topics + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while deleting topics " + topics, e);
    }
  }

  /** Those of {@code topics} Kafka lists. */
  private List<String> present(List<String> topics, Duration timeout)
      throws ExecutionException, TimeoutException, InterruptedException {
    Set<String> existing =
        new HashSet<>(admin().listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS));
    return topics.stream().filter(existing::contains).toList();
  }

  private void waits(String migration, String what) {
    pool.preparedQuery(LifecycleStatements.CLEANUP_WAITS)
        .execute(Tuple.of(migration, "waiting for " + what))
        .await()
        .atMost(config.databaseTimeout());
  }

  private synchronized Admin admin() {
    if (admin == null) {
      admin = KafkaAdmins.create(kafka, "tributary-orchestrator-cleanup", config.abandonWait());
    }
    return admin;
  }

  @PreDestroy
  synchronized void close() {
    if (admin != null) {
      admin.close(Duration.ofSeconds(2));
    }
  }
}
