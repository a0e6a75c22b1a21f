package io.tributary.cdc;

import io.tributary.testing.ServiceProcess;
import io.tributary.testing.TestInfrastructure;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/** This module's packaged cdc-service as a child process ({@link ServiceProcess}). */
final class CdcProcess extends ServiceProcess {

  CdcProcess(TestInfrastructure infra, String database, Path log, Map<String, String> extra)
      throws IOException {
    super("cdc-service", infra, database, log, extra);
  }

  /** The body of GET /cdc/status. */
  String cdcStatus() throws IOException, InterruptedException {
    return get("/cdc/status");
  }
}
