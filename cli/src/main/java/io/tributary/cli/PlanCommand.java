package io.tributary.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code plan [--dry-run] PLAN} and {@code plan PLAN --wait [--timeout S]}. */
@Command(
    name = "plan",
    header = "Submit a migration plan (--dry-run: print its DDL; --wait: until REPLICATING).",
    sortOptions = false,
    description = {
      "Submit a migration plan (YAML or JSON): the orchestrator checks it, records it, provisions"
          + " the target schemas and tables and starts capture.",
      "--dry-run prints the DDL it would run, the casting notes, the keys built after each"
          + " snapshot and finalize's statements, and creates nothing.",
      "--wait then follows the migration, printing its state changes, until it is REPLICATING"
          + " (every table's snapshot captured)."
    },
    exitCodeListHeading = Codes.HEADING,
    exitCodeList = {
      "0:submitted (--wait: REPLICATING reached); --dry-run: the plan is fine",
      "1:the plan is refused (400: each bad field; 422: the statement the target refused; 503);"
          + " --wait: the migration FAILED or was abandoned",
      "2:bad usage; 409: a migration with this id exists",
      Codes.UNAVAILABLE,
      "124:--wait: not REPLICATING within --timeout (it goes on)"
    })
final class PlanCommand extends ApiCommand {
  static final Duration POLL = Duration.ofSeconds(2);
  private static final Set<String> REACHED =
      Set.of(
          "REPLICATING",
          "CUTTING_OVER",
          "ROLLED_BACK",
          "CUT_OVER",
          "FALLING_BACK",
          "FELL_BACK",
          "FINISHED");
  private static final Set<String> ENDED = Set.of("FAILED", "ABANDONED");

  @Parameters(paramLabel = "PLAN", description = "The plan file.")
  Path file;

  @Option(names = "--dry-run", description = "Print what submitting would do; create nothing.")
  boolean dryRun;

  @Option(
      names = "--wait",
      description =
          "Follow the migration until REPLICATING (exit 0), FAILED (exit 1) or --timeout (exit"
              + " 124).")
  boolean await;

  @Option(
      names = "--timeout",
      paramLabel = "SECONDS",
      defaultValue = "3600",
      description = "How long --wait waits (default: ${DEFAULT-VALUE}).")
  long timeout;

  PlanCommand(Context ctx) {
    super(ctx);
  }

  @Override
  int run() throws Exception {
    seconds("--timeout", timeout);
    if (dryRun && await) {
      throw usage("--dry-run creates nothing to --wait for");
    }
    if (!Files.isRegularFile(file)) {
      throw usage("give one plan file (" + file + " is not a file)");
    }
    byte[] plan;
    try {
      plan = Files.readAllBytes(file);
    } catch (IOException e) {
      throw usage("cannot read " + file + ": " + e.getMessage());
    }
    ApiPath path = ApiPath.of("migrations").flag("dryRun", dryRun);
    JsonNode answer = ok(ctx.api().send("POST", path, ApiClient.YAML, plan));
    if (dryRun) {
      if (json) {
        printJson(answer);
      } else {
        print(dryRun(answer));
      }
      return ExitCode.OK;
    }
    String id = Fmt.s(answer, "id");
    if (!await) {
      if (json) {
        printJson(answer);
      } else {
        print(created(answer));
        note("follow it with: deploy/tributary status " + id + " --watch");
      }
      return ExitCode.OK;
    }
    if (!json) {
      print(created(answer));
    }
    return follow(id);
  }

  /** Follows the migration until it replicates, ends or the timeout. */
  private int follow(String id) throws InterruptedException {
    Instant deadline = deadline(timeout);
    note("waiting up to " + timeout + "s for " + id + " to reach REPLICATING");
    String last = null;
    while (true) {
      JsonNode m = get(migration(id));
      String state = Fmt.s(m, "state");
      String now = state + snapshotted(m);
      if (!now.equals(last)) {
        note(
            id
                + ": "
                + now
                + (Fmt.truthy(m, "stateReason") ? ": " + Fmt.text(m, "stateReason") : ""));
        last = now;
      }
      if (REACHED.contains(state) || ENDED.contains(state)) {
        if (json) {
          printJson(m);
        } else {
          String reason = Fmt.truthy(m, "stateReason") ? ": " + Fmt.text(m, "stateReason") : "";
          print(id + ": " + state + (ENDED.contains(state) ? reason : ""));
        }
        return ENDED.contains(state) ? ExitCode.FAILED : ExitCode.OK;
      }
      if (passed(deadline)) {
        note(
            id
                + " is not REPLICATING after "
                + timeout
                + "s ("
                + now
                + "; it goes on: deploy/tributary status "
                + id
                + " --watch)");
        return ExitCode.TIMED_OUT;
      }
      sleep(POLL);
    }
  }

  /** While snapshotting: {@code (2/5 tables snapshotted)}. */
  private static String snapshotted(JsonNode m) {
    JsonNode tables = Fmt.get(m, "tables");
    if (!"SNAPSHOTTING".equals(Fmt.text(m, "state")) || tables == null || tables.size() == 0) {
      return "";
    }
    int done = 0;
    for (JsonNode t : tables) {
      if (t.path("snapshotDone").asBoolean(false)) {
        done++;
      }
    }
    return " (" + done + "/" + tables.size() + " tables snapshotted)";
  }

  private static List<String> created(JsonNode answer) {
    List<String> out = new ArrayList<>();
    out.add(Fmt.s(answer, "id") + ": " + Fmt.s(answer, "state"));
    JsonNode notes = Fmt.get(answer, "notes");
    if (notes != null) {
      notes.forEach(n -> out.add("  note: " + n.asText()));
    }
    return out;
  }

  /** The dry run as an SQL script: notes as comments, then each list of statements. */
  static List<String> dryRun(JsonNode answer) {
    List<String> out = new ArrayList<>();
    out.add(
        "-- "
            + Fmt.s(answer, "migration")
            + ": what submitting this plan would do (nothing was created)");
    JsonNode notes = Fmt.get(answer, "notes");
    if (Fmt.truthy(notes)) {
      out.add("");
      out.add("-- notes:");
      notes.forEach(n -> out.add("--   " + n.asText().replace("\n", "\n--   ")));
    }
    section(out, answer, "statements", "provisioning, in one transaction");
    section(
        out, answer, "keyStatements", "keys apply builds once each table's snapshot is in (COPY)");
    section(out, answer, "finalizeStatements", "finalize, after the load");
    return out;
  }

  private static void section(List<String> out, JsonNode answer, String field, String title) {
    JsonNode statements = Fmt.get(answer, field);
    if (!Fmt.truthy(statements)) {
      return;
    }
    out.add("");
    out.add("-- " + title + ":");
    for (JsonNode s : statements) {
      String sql = s.asText().strip();
      out.add(sql.endsWith(";") ? sql : sql + ";");
    }
  }
}
