package io.tributary.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code status ID [--watch [--interval S]]}. */
@Command(
    name = "status",
    header = "One migration: state, progress per table (%%, rows/s, ETA), sources.",
    sortOptions = false,
    description = {
      "One migration as a table: its state and why; per table source and target rows, %% loaded,"
          + " rows/s, time left (ETA), apply lag, open rejects, latest validation; per source its"
          + " capture (state, PostgreSQL slot lag and WAL held, error).",
      "rows/s and ETA need two samples: --watch redraws the table every --interval seconds and"
          + " computes them from one sample to the next; without --watch they show '-'. --watch"
          + " ends when the migration is CUT_OVER, FAILED or ABANDONED, or on Ctrl-C."
    },
    exitCodeListHeading = Codes.HEADING,
    exitCodeList = {
      Codes.OK_WATCH,
      "1:the API refused the request; --watch: the migration ended FAILED",
      Codes.USAGE,
      Codes.UNAVAILABLE
    })
final class StatusCommand extends ApiCommand {
  private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");
  private static final String CLEAR = "\033[H\033[2J";

  @Parameters(paramLabel = "ID", description = "The migration.")
  String id;

  @Option(names = "--watch", description = "Redraw every --interval seconds, with rows/s and ETA.")
  boolean watch;

  @Option(
      names = "--interval",
      paramLabel = "SECONDS",
      defaultValue = "2",
      description = "Time between two samples of --watch (default: ${DEFAULT-VALUE}).")
  double interval;

  StatusCommand(Context ctx) {
    super(ctx);
  }

  @Override
  int run() throws InterruptedException {
    if (!(interval >= 0.1) || interval > 3600) {
      throw usage("--interval must be between 0.1 and 3600 seconds");
    }
    if (watch && json) {
      throw usage("--watch draws a table; for JSON, call status --json once per sample");
    }
    if (!watch) {
      JsonNode m = get(migration(id));
      if (json) {
        printJson(m);
      } else {
        print(StatusView.render(m, Map.of()));
        if (loading(m) && !StatusView.FINAL_STATES.contains(Fmt.s(m, "state"))) {
          note("rows/s and ETA need two samples: deploy/tributary status " + id + " --watch");
        }
      }
      return ExitCode.OK;
    }
    RateTracker rates = new RateTracker();
    Duration pause = Duration.ofMillis(Math.round(interval * 1000));
    while (true) {
      JsonNode m = get(migration(id));
      Instant at = ctx.ticker.now();
      List<String> frame = StatusView.render(m, rates.update(m, at));
      if (ctx.terminal) {
        ctx.out.print(CLEAR);
      }
      print(
          "every "
              + Fmt.rstrip(ApiClient.seconds(pause))
              + ", "
              + CLOCK.format(at.atZone(ctx.zone))
              + " (Ctrl-C to stop)");
      print(frame);
      if (!ctx.terminal) {
        print("");
      }
      String state = Fmt.s(m, "state");
      if (StatusView.FINAL_STATES.contains(state)) {
        note(id + " is " + state + ": nothing more to watch");
        return "FAILED".equals(state) ? ExitCode.FAILED : ExitCode.OK;
      }
      sleep(pause);
    }
  }

  private static boolean loading(JsonNode m) {
    JsonNode tables = Fmt.get(m, "tables");
    if (tables == null) {
      return false;
    }
    for (JsonNode t : tables) {
      if (!t.path("snapshotDone").asBoolean(false)) {
        return true;
      }
    }
    return false;
  }
}
