package io.tributary.cdc.control;

import io.quarkus.runtime.StartupEvent;
import io.tributary.common.control.ControlSchema;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import org.jboss.logging.Logger;

/** Ensures the control schema exists before capture and apply start. */
@ApplicationScoped
public class ControlSchemaInitializer {
  private static final Logger LOG = Logger.getLogger(ControlSchemaInitializer.class);

  private final Pool pool;
  private volatile boolean ready;

  public ControlSchemaInitializer(Pool pool) {
    this.pool = pool;
  }

  void onStart(@Observes StartupEvent event) {
    if (alreadyCurrent()) {
      ready = true;
      LOG.infof("Control schema tributary is current (version %d)", ControlSchema.VERSION);
      return;
    }
    pool.withTransaction(
            conn -> {
              var chain = conn.query(ControlSchema.LOCK).execute().replaceWithVoid();
              for (String statement : ControlSchema.statements()) {
                chain = chain.chain(() -> conn.query(statement).execute().replaceWithVoid());
              }
              return chain;
            })
        .await()
        .atMost(Duration.ofSeconds(60));
    ready = true;
    LOG.infof("Control schema tributary ready (version %d)", ControlSchema.VERSION);
  }

  /** True when the schema's current version is recorded: no DDL (and no notices) needed. */
  private boolean alreadyCurrent() {
    var exists =
        pool.query("SELECT to_regclass('tributary.schema_version')::text AS t")
            .execute()
            .await()
            .atMost(Duration.ofSeconds(60));
    if (exists.iterator().next().getString("t") == null) {
      return false;
    }
    return pool.preparedQuery("SELECT 1 FROM tributary.schema_version WHERE version = $1")
            .execute(Tuple.of(ControlSchema.VERSION))
            .await()
            .atMost(Duration.ofSeconds(60))
            .size()
        > 0;
  }

  /** True once the control schema is known to exist. */
  public boolean ready() {
    return ready;
  }
}
