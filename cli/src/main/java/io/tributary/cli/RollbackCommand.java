package io.tributary.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code rollback ID [--reason TEXT]}. */
@Command(
    name = "rollback",
    header = "Roll the cutover under way back.",
    description =
        "Roll the cutover under way back: the running step stops, the sources are unfrozen and stay the truth; replication goes on (ROLLED_BACK). Refused once its switch began.",
    exitCodeListHeading = Codes.HEADING,
    exitCodeList = {
      Codes.OK,
      Codes.FAILED,
      "2:bad usage; 409: no cutover under way, or its switch began",
      Codes.UNAVAILABLE
    })
final class RollbackCommand extends ApiCommand {
  @Parameters(paramLabel = "ID", description = "The migration.")
  String id;

  @Option(names = "--reason", paramLabel = "TEXT", description = "Why (for the audit log).")
  String reason;

  RollbackCommand(Context ctx) {
    super(ctx);
  }

  @Override
  int run() {
    JsonNode answer = ok(command(migration(id, "rollback"), reason));
    if (json) {
      printJson(answer);
    } else {
      print(Reports.state(answer));
    }
    return ExitCode.OK;
  }
}
