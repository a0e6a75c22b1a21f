package io.tributary.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code finalize-status ID}. */
@Command(
    name = "finalize-status",
    header = "Finalize's steps and their last outcome, without running them.",
    description =
        "Finalize's steps in order with the outcome of their last run, without running them.",
    exitCodeListHeading = Codes.HEADING,
    exitCodeList = {Codes.OK, Codes.FAILED, Codes.USAGE, Codes.UNAVAILABLE})
final class FinalizeStatusCommand extends ApiCommand {
  @Parameters(paramLabel = "ID", description = "The migration.")
  String id;

  FinalizeStatusCommand(Context ctx) {
    super(ctx);
  }

  @Override
  int run() {
    JsonNode steps = get(migration(id, "finalize"));
    if (json) {
      printJson(steps);
    } else {
      print(FinalizeView.render(steps));
    }
    return ExitCode.OK;
  }
}
