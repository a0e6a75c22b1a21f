package io.tributary.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code replay ID [TABLE] [--source S]}. */
@Command(
    name = "replay",
    header = "Replay the open rejects (of one source table).",
    description = {
      "Replay the open rejects (of one source table), once their cause is fixed: cdc-service puts"
          + " their rows back into the change stream, read as they are now. SQLite sources only."
    },
    exitCodeListHeading = Codes.HEADING,
    exitCodeList = {"0:requested", Codes.FAILED, Codes.USAGE, Codes.UNAVAILABLE})
final class ReplayCommand extends ApiCommand {
  @Parameters(index = "0", paramLabel = "ID", description = "The migration.")
  String id;

  @Parameters(
      index = "1",
      arity = "0..1",
      paramLabel = "TABLE",
      description = "Only this source table's rejects (default: every table).")
  String table;

  @Option(
      names = "--source",
      paramLabel = "SOURCE",
      description = "Only this source's (default: every SQLite source).")
  String source;

  ReplayCommand(Context ctx) {
    super(ctx);
  }

  @Override
  int run() {
    JsonNode requested =
        ok(
            send(
                "POST",
                migration(id, "rejects", "replay").query("source", source).query("table", table)));
    if (json) {
      printJson(requested);
      return ExitCode.OK;
    }
    for (JsonNode r : requested) {
      print(
          "replay "
              + Fmt.s(r, "id")
              + " requested: source "
              + Fmt.s(r, "source")
              + ", "
              + (Fmt.truthy(r, "table") ? "table " + Fmt.text(r, "table") : "every table"));
    }
    note("their outcome: deploy/tributary replays " + id);
    return ExitCode.OK;
  }
}
