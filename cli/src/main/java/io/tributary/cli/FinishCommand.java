package io.tributary.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code finish ID [--reason TEXT]}. */
@Command(
    name = "finish",
    header = "End the fallback window.",
    description =
        "CUT_OVER → FINISHED: the target's changes are no longer written back into the sources"
            + " and the window's slot and publication on the target are dropped; no fallback is"
            + " possible afterwards.",
    exitCodeListHeading = Codes.HEADING,
    exitCodeList = {Codes.OK, Codes.FAILED, "2:bad usage; 409: not CUT_OVER", Codes.UNAVAILABLE})
final class FinishCommand extends ApiCommand {
  @Parameters(paramLabel = "ID", description = "The migration.")
  String id;

  @Option(names = "--reason", paramLabel = "TEXT", description = "Why (for the audit log).")
  String reason;

  FinishCommand(Context ctx) {
    super(ctx);
  }

  @Override
  int run() {
    JsonNode answer = ok(command(migration(id, "finish"), reason));
    if (json) {
      printJson(answer);
    } else {
      print(
          Fmt.text(answer, "migration")
              + ": "
              + Fmt.text(answer, "state")
              + " — "
              + Fmt.text(answer, "detail"));
    }
    return ExitCode.OK;
  }
}
