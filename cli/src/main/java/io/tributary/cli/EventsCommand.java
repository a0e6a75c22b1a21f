package io.tributary.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code events ID}. */
@Command(
    name = "events",
    header = "A migration's audit log.",
    description = {
      "A migration's audit log, oldest first: at, from -> to, actor, [step ms], cutover, reason."
    },
    exitCodeListHeading = Codes.HEADING,
    exitCodeList = {Codes.OK, Codes.FAILED, Codes.USAGE, Codes.UNAVAILABLE})
final class EventsCommand extends ApiCommand {
  @Parameters(paramLabel = "ID", description = "The migration.")
  String id;

  EventsCommand(Context ctx) {
    super(ctx);
  }

  @Override
  int run() {
    JsonNode events = get(migration(id, "events"));
    if (json) {
      printJson(events);
    } else {
      print(Reports.events(events));
    }
    return ExitCode.OK;
  }
}
