package io.tributary.orchestrator.provision;

import io.vertx.core.VertxException;
import io.vertx.pgclient.PgException;
import java.net.ConnectException;
import java.util.Optional;

/**
 * An accepted plan that could not be recorded or provisioned; nothing of it was written (one
 * transaction). {@link #targetUnavailable()} tells a target that could not be reached or is
 * shutting down (try again) from a plan the target refused (a type, a name, a constraint: change
 * the plan).
 */
public class ProvisioningException extends RuntimeException {
  private final String migration;

  public ProvisioningException(String migration, Throwable cause) {
    super(
        "Failed to provision migration '"
            + migration
            + "': "
            + cause.getMessage()
            + "; nothing of it was created",
        cause);
    this.migration = migration;
  }

  public String migration() {
    return migration;
  }

  /**
   * Whether the target could not be reached, ran out of resources or is shutting down (SQLSTATE
   * classes 08, 53 and 57): the same plan may succeed later.
   */
  public boolean targetUnavailable() {
    Optional<String> state = sqlState();
    if (state.isEmpty()) {
      return causeOfKind(ConnectException.class) || causeOfKind(VertxException.class);
    }
    String code = state.get();
    return code.startsWith("08") || code.startsWith("53") || code.startsWith("57");
  }

  /** PostgreSQL's SQLSTATE of the failure, when PostgreSQL answered. */
  public Optional<String> sqlState() {
    for (Throwable t = getCause(); t != null; t = t.getCause()) {
      if (t instanceof PgException pg) {
        return Optional.ofNullable(pg.getSqlState());
      }
    }
    return Optional.empty();
  }

  private boolean causeOfKind(Class<? extends Throwable> kind) {
    for (Throwable t = getCause(); t != null; t = t.getCause()) {
      if (kind.isInstance(t)) {
        return true;
      }
    }
    return false;
  }
}
