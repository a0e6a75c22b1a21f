package io.tributary.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code pause ID [--reason TEXT]}. */
@Command(
    name = "pause",
    header = "Pause capture of a migration's sources.",
    description =
        "Pause capture: cdc-service stops reading the migration's sources; their changes wait there (SQLite change log, PostgreSQL slot) until resume.",
    exitCodeListHeading = Codes.HEADING,
    exitCodeList = {
      Codes.OK,
      Codes.FAILED,
      "2:bad usage; 409: not capturing, cutting over, or already paused",
      Codes.UNAVAILABLE
    })
final class PauseCommand extends ApiCommand {
  @Parameters(paramLabel = "ID", description = "The migration.")
  String id;

  @Option(names = "--reason", paramLabel = "TEXT", description = "Why (for the audit log).")
  String reason;

  PauseCommand(Context ctx) {
    super(ctx);
  }

  @Override
  int run() {
    JsonNode answer = ok(command(migration(id, "pause"), reason));
    if (json) {
      printJson(answer);
    } else {
      print(Reports.state(answer));
    }
    return ExitCode.OK;
  }
}
