package io.tributary.orchestrator.freeze;

import io.tributary.source.spi.freeze.PgBouncerControl;
import io.vertx.mutiny.core.Vertx;
import java.time.Duration;
import java.util.List;

/**
 * PgBouncer's admin consoles as the kinds' freezes reach them: one {@link PgBouncerAdmin}
 * connection per command, closed after it.
 */
public class PgBouncerConsoles implements PgBouncerControl {
  private final Vertx vertx;

  public PgBouncerConsoles(Vertx vertx) {
    this.vertx = vertx;
  }

  @Override
  public void pause(String adminUrl, String database, Duration timeout) {
    try (PgBouncerAdmin admin = PgBouncerAdmin.connect(vertx, adminUrl, timeout)) {
      admin.pause(database, timeout);
    }
  }

  @Override
  public void resume(String adminUrl, String database, Duration timeout) {
    try (PgBouncerAdmin admin = PgBouncerAdmin.connect(vertx, adminUrl, timeout)) {
      admin.resume(database);
    }
  }

  @Override
  public List<String> databases(String adminUrl, Duration timeout) {
    try (PgBouncerAdmin admin = PgBouncerAdmin.connect(vertx, adminUrl, timeout)) {
      return admin.databases().stream().map(PgBouncerDatabase::name).toList();
    }
  }
}
