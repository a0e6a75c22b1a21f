package io.tributary.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code invalid ID TABLE COLUMN reject|null [--source S]}. */
@Command(
    name = "invalid",
    header = "Change a column's invalid-value policy (reject or null).",
    description = {
      "Change a column's invalid-value policy: reject (a row with a value the column cannot take"
          + " goes to the rejects) or null (the value becomes NULL). Apply uses it within seconds;"
          + " rows refused before stay rejects until replayed (tributary replay ID TABLE)."
    },
    exitCodeListHeading = Codes.HEADING,
    exitCodeList = {Codes.OK, Codes.FAILED, Codes.USAGE, Codes.UNAVAILABLE})
final class InvalidCommand extends ApiCommand {
  @Parameters(index = "0", paramLabel = "ID", description = "The migration.")
  String id;

  @Parameters(index = "1", paramLabel = "TABLE", description = "The source table.")
  String table;

  @Parameters(index = "2", paramLabel = "COLUMN", description = "The column.")
  String column;

  @Parameters(index = "3", paramLabel = "POLICY", description = "reject or null.")
  String policy;

  @Option(
      names = "--source",
      paramLabel = "SOURCE",
      description = "The source, when two sources have a table of this name.")
  String source;

  InvalidCommand(Context ctx) {
    super(ctx);
  }

  @Override
  int run() {
    if (!policy.equals("reject") && !policy.equals("null")) {
      throw usage("POLICY is reject or null, not '" + policy + "'");
    }
    JsonNode answer =
        ok(
            sendJson(
                "PATCH",
                migration(id, "tables", table, "columns", column).query("source", source),
                Json.object("invalid", policy)));
    if (json) {
      printJson(answer);
      return ExitCode.OK;
    }
    print(
        table
            + "."
            + (Fmt.truthy(answer, "column") ? Fmt.text(answer, "column") : column)
            + ": invalid values: "
            + (Fmt.truthy(answer, "invalid") ? Fmt.text(answer, "invalid") : policy)
            + " (from now on)");
    return ExitCode.OK;
  }
}
