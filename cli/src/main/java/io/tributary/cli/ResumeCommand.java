package io.tributary.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code resume ID [--reason TEXT]}. */
@Command(
    name = "resume",
    header = "Resume capture of a migration's sources.",
    description = "Resume capture from where it stopped.",
    exitCodeListHeading = Codes.HEADING,
    exitCodeList = {Codes.OK, Codes.FAILED, "2:bad usage; 409: not paused", Codes.UNAVAILABLE})
final class ResumeCommand extends ApiCommand {
  @Parameters(paramLabel = "ID", description = "The migration.")
  String id;

  @Option(names = "--reason", paramLabel = "TEXT", description = "Why (for the audit log).")
  String reason;

  ResumeCommand(Context ctx) {
    super(ctx);
  }

  @Override
  int run() {
    JsonNode answer = ok(command(migration(id, "resume"), reason));
    if (json) {
      printJson(answer);
    } else {
      print(Reports.state(answer));
    }
    return ExitCode.OK;
  }
}
