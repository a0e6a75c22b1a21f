package io.tributary.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code cutover ID --check [--accept-rejects]} and {@code cutover ID [--reason TEXT] [--full]
 * [--accept-rejects] [--wait] [--timeout SECONDS]}.
 */
@Command(
    name = "cutover",
    header = "Start the cutover (--wait: follow it to its outcome); --check: rehearse it.",
    sortOptions = false,
    description = {
      "Start the cutover: prepare, freeze the sources' writes, fence and drain, the final gate,"
          + " finalize, switch the applications. Any failure before the switch rolls back (the"
          + " sources stay the truth). With --wait, follow it and print its steps and the write"
          + " pause.",
      "--check rehearses instead: could every step run now? Nothing is frozen or started."
    },
    exitCodeListHeading = Codes.HEADING,
    exitCodeList = {
      "0:started; --wait: cut over; --check: ready",
      "1:--wait: not cut over (rolled back or failed: why is printed); or the API refused the"
          + " request",
      "2:bad usage; 409: refused in the migration's state (not REPLICATING/ROLLED_BACK, paused,"
          + " open rejects, a cutover under way...)",
      "3:--check: not ready (the failing checks are printed)",
      Codes.UNAVAILABLE,
      "124:--wait: not finished within --timeout (it goes on: tributary cutover-status ID)"
    })
final class CutoverCommand extends ApiCommand {
  static final Duration POLL = Duration.ofSeconds(1);

  @Parameters(paramLabel = "ID", description = "The migration.")
  String id;

  @Option(names = "--check", description = "Rehearse: check every step; freeze nothing.")
  boolean check;

  @Option(names = "--reason", paramLabel = "TEXT", description = "Why (for the audit log).")
  String reason;

  @Option(
      names = "--full",
      description =
          "The final gate compares every row of every table under the freeze (a write pause"
              + " that grows with the data), not only the rows changed after the precutover"
              + " verification.")
  boolean full;

  @Option(
      names = "--accept-rejects",
      description =
          "Cut over even with open rejects (rows apply could not write, which exist only in the"
              + " source); refused otherwise.")
  boolean acceptRejects;

  @Option(names = "--wait", description = "Follow the cutover to its outcome.")
  boolean await;

  @Option(
      names = "--timeout",
      paramLabel = "SECONDS",
      defaultValue = "600",
      description = "How long --wait follows it (default: ${DEFAULT-VALUE}).")
  long timeout;

  CutoverCommand(Context ctx) {
    super(ctx);
  }

  @Override
  int run() throws InterruptedException {
    seconds("--timeout", timeout);
    ApiPath path = migration(id, "cutover").flag("full", full).flag("acceptRejects", acceptRejects);
    if (check) {
      if (await || full || reason != null) {
        throw usage(
            "--check takes only --accept-rejects (it starts nothing: no --wait, --full"
                + " or --reason)");
      }
      return rehearse(path);
    }
    JsonNode started = ok(command(path, reason));
    if (!await) {
      if (json) {
        printJson(started);
      } else {
        print(Reports.state(started));
      }
      return ExitCode.OK;
    }
    if (json) {
      note(Reports.state(started));
    } else {
      print(Reports.state(started));
    }
    Long cutover = Fmt.num(started, "cutover");
    note("following the cutover of " + id + " (up to " + timeout + "s)");
    Instant deadline = deadline(timeout);
    String progress = "";
    JsonNode doc;
    while (true) {
      ApiResponse answer = send("GET", migration(id, "cutover"));
      doc = answer.status() == 404 ? null : ok(answer);
      boolean ours = doc != null && (cutover == null || cutover.equals(Fmt.num(doc, "id")));
      if (ours && Fmt.truthy(doc, "outcome")) {
        break;
      }
      String now = ours ? Reports.cutoverState(doc) : "starting";
      if (!now.equals(progress)) {
        note("cutover of " + id + ": " + now);
      }
      progress = now;
      if (passed(deadline)) {
        note(
            "the cutover of "
                + id
                + " is not done after "
                + timeout
                + "s ("
                + now
                + "; deploy/tributary cutover-status "
                + id
                + ")");
        return ExitCode.TIMED_OUT;
      }
      sleep(POLL);
    }
    if (json) {
      printJson(doc);
    } else {
      print(Reports.cutoverResult(doc));
    }
    return "cut_over".equals(Fmt.text(doc, "outcome")) ? ExitCode.OK : ExitCode.FAILED;
  }
}
