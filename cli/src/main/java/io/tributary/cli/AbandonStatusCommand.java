package io.tributary.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code abandon-status ID}. */
@Command(
    name = "abandon-status",
    header = "Where the cleanup of an abandoned migration stands.",
    description =
        "Where the abandon of a migration stands: per source whether its change capture is"
            + " removed, the topics, the target schemas left, what the cleanup waits for.",
    exitCodeListHeading = Codes.HEADING,
    exitCodeList = {Codes.OK, Codes.FAILED, Codes.USAGE, Codes.UNAVAILABLE})
final class AbandonStatusCommand extends ApiCommand {
  @Parameters(paramLabel = "ID", description = "The migration.")
  String id;

  AbandonStatusCommand(Context ctx) {
    super(ctx);
  }

  @Override
  int run() {
    JsonNode report = get(migration(id, "abandon"));
    if (json) {
      printJson(report);
    } else {
      print(AbandonView.render(report));
    }
    return ExitCode.OK;
  }
}
