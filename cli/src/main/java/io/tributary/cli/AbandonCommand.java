package io.tributary.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code abandon ID [--drop-target] [--reason TEXT]}. */
@Command(
    name = "abandon",
    header = "Give a migration up; remove what it left (--drop-target: its schemas too).",
    sortOptions = false,
    description = {
      "Give a migration up (ABANDONED): capture and apply stop, cdc-service removes the change"
          + " capture from every source (SQLite triggers and change log, PostgreSQL slot and"
          + " publication), then the migration's topics are deleted; --drop-target also drops"
          + " its target schemas. The API waits a while for all of it: the report says what is"
          + " done and what the cleanup still waits for (the orchestrator finishes it; follow"
          + " with abandon-status). Once cleaned up, the id may be used again.",
      "Refused while cutting over (roll back first) and once cut over."
    },
    exitCodeListHeading = Codes.HEADING,
    exitCodeList = {
      "0:abandoned (cleaned up, or the cleanup goes on: the report says)",
      Codes.FAILED,
      "2:bad usage; 409: cutting over or cut over",
      Codes.UNAVAILABLE
    })
final class AbandonCommand extends ApiCommand {
  @Parameters(paramLabel = "ID", description = "The migration.")
  String id;

  @Option(
      names = "--drop-target",
      description = "Also drop its target schemas and everything in them (their roles are kept).")
  boolean dropTarget;

  @Option(names = "--reason", paramLabel = "TEXT", description = "Why (for the audit log).")
  String reason;

  AbandonCommand(Context ctx) {
    super(ctx);
  }

  @Override
  int run() {
    ApiResponse answer =
        send("DELETE", migration(id).flag("dropTarget", dropTarget).query("reason", reason));
    JsonNode report = ok(answer);
    if (json) {
      printJson(report);
      return ExitCode.OK;
    }
    print(AbandonView.render(report));
    if (!report.path("cleanedUp").asBoolean(false)) {
      note(
          "the orchestrator finishes the cleanup; follow it with: deploy/tributary abandon-status "
              + id);
    }
    return ExitCode.OK;
  }
}
