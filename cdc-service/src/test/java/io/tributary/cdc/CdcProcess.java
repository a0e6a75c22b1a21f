package io.tributary.cdc;

import io.tributary.common.fault.FaultPoints;
import io.tributary.testing.ServiceProcess;
import io.tributary.testing.TestInfrastructure;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** This module's packaged cdc-service as a child process ({@link ServiceProcess}). */
final class CdcProcess extends ServiceProcess {

  /**
   * The apply consumer's session timeout these processes run with unless {@code extra} sets one:
   * the broker's minimum, so that the partitions of a halted or killed process are reassigned to
   * the next one after 6 s rather than Kafka's default 45 s.
   */
  static final String SESSION_TIMEOUT = "6s";

  CdcProcess(TestInfrastructure infra, String database, Path log, Map<String, String> extra)
      throws IOException {
    super("cdc-service", infra, database, log, withSessionTimeout(extra));
  }

  private static Map<String, String> withSessionTimeout(Map<String, String> extra) {
    Map<String, String> env = new HashMap<>(extra);
    env.putIfAbsent("TRIBUTARY_APPLY_SESSION_TIMEOUT", SESSION_TIMEOUT);
    return env;
  }

  /**
   * Runs cdc-service with the fault point {@code point} ({@link FaultPoints}) until it halts there,
   * as SIGKILL would end it; fails when it exits otherwise or not within {@code atMost}.
   */
  static void runUntilHalted(
      TestInfrastructure infra,
      String database,
      Path log,
      Map<String, String> env,
      String point,
      Duration atMost)
      throws IOException, InterruptedException {
    Map<String, String> halting = new HashMap<>(env);
    halting.put(FaultPoints.ENVIRONMENT, point);
    try (CdcProcess cdc = new CdcProcess(infra, database, log, halting)) {
      try {
        cdc.start();
      } catch (IllegalStateException e) {
        // it may halt before it reports ready
      }
      int status = cdc.awaitExit(atMost);
      if (status != FaultPoints.EXIT_STATUS) {
        throw new AssertionError(
            "cdc-service was to halt at " + point + " but exited with " + status + "; see " + log);
      }
    }
  }

  /** The body of GET /cdc/status. */
  String cdcStatus() throws IOException, InterruptedException {
    return get("/cdc/status");
  }
}
