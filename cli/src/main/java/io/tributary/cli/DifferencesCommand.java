package io.tributary.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code differences ID VALIDATION_ID [--offset N] [--limit N]}. */
@Command(
    name = "differences",
    header = "The rows a deep or final validation result found different.",
    description = {
      "The rows a deep or final result found different, by position: missing (source only),"
          + " extra (target only) or differing (with the columns), both sides' values."
    },
    exitCodeListHeading = Codes.HEADING,
    exitCodeList = {Codes.OK, Codes.FAILED, Codes.USAGE, Codes.UNAVAILABLE})
final class DifferencesCommand extends ApiCommand {
  @Parameters(index = "0", paramLabel = "ID", description = "The migration.")
  String id;

  @Parameters(
      index = "1",
      paramLabel = "VALIDATION_ID",
      description = "The result ([result N: ...] in validate's and validation's output).")
  String validationId;

  @Option(
      names = "--offset",
      paramLabel = "N",
      description = "The position of the first difference, from 0 (default 0).")
  Integer offset;

  @Option(names = "--limit", paramLabel = "N", description = "At most N, 1 to 1000 (default 100).")
  Integer limit;

  DifferencesCommand(Context ctx) {
    super(ctx);
  }

  @Override
  int run() {
    JsonNode page =
        get(
            migration(id, "validation", "results", validationId, "differences")
                .query("offset", offset)
                .query("limit", limit));
    if (json) {
      printJson(page);
    } else {
      print(Reports.differences(page));
    }
    return ExitCode.OK;
  }
}
