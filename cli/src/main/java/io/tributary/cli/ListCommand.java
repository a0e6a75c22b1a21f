package io.tributary.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;

/** {@code list}. */
@Command(
    name = "list",
    header = "Every migration and its state.",
    description = "Every migration and its state, oldest first.",
    exitCodeListHeading = Codes.HEADING,
    exitCodeList = {Codes.OK, Codes.FAILED, Codes.USAGE, Codes.UNAVAILABLE})
final class ListCommand extends ApiCommand {
  ListCommand(Context ctx) {
    super(ctx);
  }

  @Override
  int run() {
    JsonNode all = get(ApiPath.of("migrations"));
    if (json) {
      printJson(all);
      return ExitCode.OK;
    }
    if (all.size() == 0) {
      print("no migrations");
      return ExitCode.OK;
    }
    TextTable table = new TextTable("migration", "state", "created", "updated");
    for (JsonNode m : all) {
      table.row(
          Fmt.s(m, "id"),
          Fmt.s(m, "state"),
          Fmt.time(Fmt.text(m, "createdAt")),
          Fmt.time(Fmt.text(m, "updatedAt")));
    }
    print(table.lines(""));
    return ExitCode.OK;
  }
}
