package io.tributary.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code replays ID}. */
@Command(
    name = "replays",
    header = "The replays of rejects and their outcome.",
    description = "Every replay of rejects of a migration, with its outcome.",
    exitCodeListHeading = Codes.HEADING,
    exitCodeList = {Codes.OK, Codes.FAILED, Codes.USAGE, Codes.UNAVAILABLE})
final class ReplaysCommand extends ApiCommand {
  @Parameters(paramLabel = "ID", description = "The migration.")
  String id;

  ReplaysCommand(Context ctx) {
    super(ctx);
  }

  @Override
  int run() {
    JsonNode replays = get(migration(id, "rejects", "replays"));
    if (json) {
      printJson(replays);
      return ExitCode.OK;
    }
    if (replays.size() == 0) {
      print("no replays");
      return ExitCode.OK;
    }
    TextTable table = new TextTable("replay", "source", "table", "requested", "outcome").right(0);
    for (JsonNode r : replays) {
      String outcome;
      if (Fmt.truthy(r, "error")) {
        outcome = "error: " + Fmt.text(r, "error");
      } else if (Fmt.truthy(r, "doneAt")) {
        outcome =
            "done "
                + Fmt.time(Fmt.text(r, "doneAt"))
                + ": "
                + Fmt.n(r, "replayedRows")
                + " replayed, "
                + Fmt.n(r, "skippedRows")
                + " skipped";
      } else {
        outcome = "waiting for cdc-service";
      }
      table.row(
          Fmt.s(r, "id"),
          Fmt.s(r, "source"),
          Fmt.truthy(r, "table") ? Fmt.text(r, "table") : "(all)",
          Fmt.time(Fmt.text(r, "requestedAt")),
          outcome);
    }
    print(table.lines(""));
    return ExitCode.OK;
  }
}
