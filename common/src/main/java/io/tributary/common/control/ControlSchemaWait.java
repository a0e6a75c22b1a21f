package io.tributary.common.control;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a service that does not migrate the control schema (cdc-service, validator-service) waits for
 * orchestrator-service to have migrated it: {@link #ready()} reads the applied version until it is
 * {@link ControlSchema#REQUIRED_VERSION} or later, and from then on answers without asking. Until
 * then the service does no work on the schema and its readiness says why ({@link #problem()}). A
 * change of the reason is logged once.
 */
public final class ControlSchemaWait {
  private static final Logger LOG = LoggerFactory.getLogger(ControlSchemaWait.class);

  private final TargetDatabase target;
  private final String service;
  private final AtomicBoolean ready = new AtomicBoolean();
  private volatile String problem = "not checked yet";

  /**
   * @param service the waiting service, for the log
   */
  public ControlSchemaWait(TargetDatabase target, String service) {
    this.target = target;
    this.service = service;
  }

  /** True once the control schema is at the version this build needs. Never throws. */
  public boolean ready() {
    if (ready.get()) {
      return true;
    }
    String now;
    try {
      Integer version = currentVersion();
      if (version != null && version >= ControlSchema.REQUIRED_VERSION) {
        problem = null;
        if (!ready.compareAndSet(false, true)) {
          return true; // another thread saw it first, and said so
        }
        LOG.info(
            "{}: control schema {} is at version {} (needs {})",
            service,
            ControlSchema.SCHEMA,
            version,
            ControlSchema.REQUIRED_VERSION);
        return true;
      }
      now =
          "control schema "
              + ControlSchema.SCHEMA
              + " is at version "
              + version
              + ", this build needs "
              + ControlSchema.REQUIRED_VERSION
              + ": start (or upgrade) orchestrator-service, which migrates it";
    } catch (SQLException e) {
      now =
          "42P01".equals(e.getSQLState()) || "3F000".equals(e.getSQLState())
              ? "control schema "
                  + ControlSchema.SCHEMA
                  + " is not migrated yet (needs version "
                  + ControlSchema.REQUIRED_VERSION
                  + "): start orchestrator-service, which migrates it"
              : "cannot read the control schema's version from " + target + ": " + e.getMessage();
    }
    if (!Objects.equals(now, problem)) {
      LOG.warn("{}: waiting: {}", service, now);
    }
    problem = now;
    return false;
  }

  /** Why the service is not ready yet; null once it is. */
  public String problem() {
    return problem;
  }

  private Integer currentVersion() throws SQLException {
    try (Connection connection = target.connect();
        Statement st = connection.createStatement();
        ResultSet rs = st.executeQuery(ControlSchema.CURRENT_VERSION)) {
      if (!rs.next()) {
        return null;
      }
      int version = rs.getInt(1);
      return rs.wasNull() ? null : version;
    }
  }
}
