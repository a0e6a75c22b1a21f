package io.tributary.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code finalize ID [--foreign-keys]}. */
@Command(
    name = "finalize",
    header = "Run finalize and print every step's outcome.",
    description = {
      "Run finalize: unique constraints and indexes, identities and sequences, (with"
          + " --foreign-keys) foreign keys, ANALYZE; print every step's outcome. Steps done"
          + " before are not repeated; a failing step does not stop the others."
    },
    exitCodeListHeading = Codes.HEADING,
    exitCodeList = {
      "0:every step done (or skipped)",
      "1:a step failed (its reason is printed), or the API refused the request",
      "2:bad usage; 409: tables are still loading",
      Codes.UNAVAILABLE
    })
final class FinalizeCommand extends ApiCommand {
  @Parameters(paramLabel = "ID", description = "The migration.")
  String id;

  @Option(
      names = "--foreign-keys",
      description =
          "Also add and validate the foreign keys now (while replication runs, apply may write a"
              + " child row before its parent, which a foreign key refuses).")
  boolean foreignKeys;

  FinalizeCommand(Context ctx) {
    super(ctx);
  }

  @Override
  int run() {
    JsonNode steps = ok(send("POST", migration(id, "finalize").flag("foreignKeys", foreignKeys)));
    if (json) {
      printJson(steps);
    } else {
      print(FinalizeView.render(steps));
    }
    return FinalizeView.anyFailed(steps) ? ExitCode.FAILED : ExitCode.OK;
  }
}
