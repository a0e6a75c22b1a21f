package io.tributary.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code fallback-status ID}. */
@Command(
    name = "fallback-status",
    header = "The fallback window: open or closed, write-back progress, lag, rejects.",
    description =
        "Whether the target's changes are written back into the sources, how many, the reverse"
            + " lag, the reverse rejects, when the window ends, and the latest fallback.",
    exitCodeListHeading = Codes.HEADING,
    exitCodeList = {Codes.OK, Codes.FAILED, Codes.USAGE, Codes.UNAVAILABLE})
final class FallbackStatusCommand extends ApiCommand {
  @Parameters(paramLabel = "ID", description = "The migration.")
  String id;

  FallbackStatusCommand(Context ctx) {
    super(ctx);
  }

  @Override
  int run() {
    JsonNode view = get(migration(id, "fallback"));
    if (json) {
      printJson(view);
    } else {
      print(FallbackView.window(view));
    }
    return ExitCode.OK;
  }
}
