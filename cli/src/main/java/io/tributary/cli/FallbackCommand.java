package io.tributary.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code fallback ID [--check] [--reason TEXT]}. */
@Command(
    name = "fallback",
    header = "Go back to the sources within the fallback window.",
    description =
        "A cutover backwards: compare the rows written back since the last round of validation"
            + " in reverse, freeze the target schemas, wait until every change made on the"
            + " target is written back into the sources, count every table and compare the rows"
            + " written back since that round, install the"
            + " sources' change capture again, run the switch actions backwards and unfreeze the"
            + " sources (FELL_BACK). Any failure before the switch back leaves the target live"
            + " (CUT_OVER). Waits until it is done and prints each step and the write pause.",
    exitCodeListHeading = Codes.HEADING,
    exitCodeList = {
      "0:fell back",
      "1:rolled back or failed (the report says why), or the API refused it",
      "2:bad usage; 409: not CUT_OVER, no open window, or the write-back is failing",
      "3:--check: not ready (the failing checks are printed)",
      Codes.UNAVAILABLE
    })
final class FallbackCommand extends ApiCommand {
  @Parameters(paramLabel = "ID", description = "The migration.")
  String id;

  @Option(names = "--check", description = "Rehearse: check every step; freeze nothing.")
  boolean check;

  @Option(names = "--reason", paramLabel = "TEXT", description = "Why (for the audit log).")
  String reason;

  FallbackCommand(Context ctx) {
    super(ctx);
  }

  @Override
  int run() {
    if (check) {
      if (reason != null) {
        throw usage("--check starts nothing: no --reason");
      }
      return rehearse(migration(id, "fallback"));
    }
    JsonNode report = ok(command(migration(id, "fallback"), reason));
    if (json) {
      printJson(report);
    } else {
      print(FallbackView.report(report));
    }
    return "fell_back".equals(Fmt.text(report, "outcome")) ? ExitCode.OK : ExitCode.FAILED;
  }
}
