package io.tributary.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code fallback ID [--reason TEXT]}. */
@Command(
    name = "fallback",
    header = "Go back to the sources within the fallback window.",
    description =
        "A cutover backwards: freeze the target schemas, wait until every change made on the"
            + " target is written back into the sources, compare every table, install the"
            + " sources' change capture again, run the switch actions backwards and unfreeze the"
            + " sources (FELL_BACK). Any failure before the switch back leaves the target live"
            + " (CUT_OVER). Waits until it is done and prints each step and the write pause.",
    exitCodeListHeading = Codes.HEADING,
    exitCodeList = {
      "0:fell back",
      "1:rolled back or failed (the report says why), or the API refused it",
      "2:bad usage; 409: not CUT_OVER, no open window, or the write-back is failing",
      Codes.UNAVAILABLE
    })
final class FallbackCommand extends ApiCommand {
  @Parameters(paramLabel = "ID", description = "The migration.")
  String id;

  @Option(names = "--reason", paramLabel = "TEXT", description = "Why (for the audit log).")
  String reason;

  FallbackCommand(Context ctx) {
    super(ctx);
  }

  @Override
  int run() {
    JsonNode report = ok(command(migration(id, "fallback"), reason));
    if (json) {
      printJson(report);
    } else {
      print(FallbackView.report(report));
    }
    return "fell_back".equals(Fmt.text(report, "outcome")) ? ExitCode.OK : ExitCode.FAILED;
  }
}
