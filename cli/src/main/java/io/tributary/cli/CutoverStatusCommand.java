package io.tributary.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code cutover-status ID}. */
@Command(
    name = "cutover-status",
    header = "The latest cutover: outcome, step, times, write pause, steps.",
    description =
        "The latest cutover: outcome (or current step), who asked and why, freeze, switch and"
            + " finish times, write pause, every step with its duration.",
    exitCodeListHeading = Codes.HEADING,
    exitCodeList = {
      Codes.OK,
      "1:the API refused the request (404: no cutover yet)",
      Codes.USAGE,
      Codes.UNAVAILABLE
    })
final class CutoverStatusCommand extends ApiCommand {
  @Parameters(paramLabel = "ID", description = "The migration.")
  String id;

  CutoverStatusCommand(Context ctx) {
    super(ctx);
  }

  @Override
  int run() {
    JsonNode doc = get(migration(id, "cutover"));
    if (json) {
      printJson(doc);
    } else {
      print(Reports.cutover(doc));
    }
    return ExitCode.OK;
  }
}
