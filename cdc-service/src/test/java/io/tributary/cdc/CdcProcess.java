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

  CdcProcess(TestInfrastructure infra, String database, Path log, Map<String, String> extra)
      throws IOException {
    super("cdc-service", infra, database, log, extra);
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
