package io.tributary.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code validation ID}. */
@Command(
    name = "validation",
    header = "The latest validation result per table and mode, the newest requests.",
    description =
        "The latest validation result per table and mode (continuous, deep, final), then the"
            + " newest requests.",
    exitCodeListHeading = Codes.HEADING,
    exitCodeList = {Codes.OK, Codes.FAILED, Codes.USAGE, Codes.UNAVAILABLE})
final class ValidationCommand extends ApiCommand {
  @Parameters(paramLabel = "ID", description = "The migration.")
  String id;

  ValidationCommand(Context ctx) {
    super(ctx);
  }

  @Override
  int run() {
    JsonNode doc = get(migration(id, "validation"));
    if (json) {
      printJson(doc);
    } else {
      print(Reports.overview(doc));
    }
    return ExitCode.OK;
  }
}
