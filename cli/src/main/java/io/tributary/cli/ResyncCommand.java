package io.tributary.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code resync ID TABLE [--source S]}. */
@Command(
    name = "resync",
    header = "Read one table again (a new snapshot of it).",
    description = {
      "Read one table again: capture reads it from its first row as a new snapshot generation"
          + " (apply empties the target table first) while the source's other tables stream on;"
          + " status shows it loading again. SQLite and Chroma sources."
    },
    exitCodeListHeading = Codes.HEADING,
    exitCodeList = {
      "0:requested",
      "1:the API refused the request (400: no such table, or one several sources have: give"
          + " --source)",
      "2:bad usage; 409: not now (the state, a table still in its first snapshot, foreign keys,"
          + " a PostgreSQL source)",
      Codes.UNAVAILABLE
    })
final class ResyncCommand extends ApiCommand {
  @Parameters(index = "0", paramLabel = "ID", description = "The migration.")
  String id;

  @Parameters(
      index = "1",
      paramLabel = "TABLE",
      description = "The source table (notes, public.items) or the target schema.table.")
  String table;

  @Option(
      names = "--source",
      paramLabel = "SOURCE",
      description = "The source, when several have a table of this name.")
  String source;

  ResyncCommand(Context ctx) {
    super(ctx);
  }

  @Override
  int run() {
    JsonNode answer =
        ok(send("POST", migration(id, "tables", table, "resync").query("source", source)));
    if (json) {
      printJson(answer);
      return ExitCode.OK;
    }
    print(
        Fmt.s(answer, "migration")
            + ": resync of "
            + Fmt.s(answer, "source")
            + "."
            + Fmt.s(answer, "table")
            + " into "
            + Fmt.s(answer, "target")
            + " requested at "
            + Fmt.time(Fmt.text(answer, "requestedAt")));
    note(
        "capture reads the table again within seconds; follow it with: deploy/tributary status "
            + id
            + " --watch");
    return ExitCode.OK;
  }
}
