package io.tributary.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Stack;
import picocli.CommandLine.Command;
import picocli.CommandLine.IParameterPreprocessor;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code validate ID [--final | --post-switch] [--source S] [--table T] [--wait [SECONDS]]}. */
@Command(
    name = "validate",
    header =
        "Request a deep (--final: final; --post-switch: post-switch) validation; --wait for its"
            + " result.",
    sortOptions = false,
    description = {
      "Request a deep validation (--final: a final one; --post-switch: within the fallback"
          + " window, the frozen sources compared with the target, the rows written back left"
          + " out): a row-by-row comparison that names the missing, extra and differing rows."
          + " Prints the request's id; with --wait, each table's result once the request is"
          + " done."
    },
    exitCodeListHeading = Codes.HEADING,
    exitCodeList = {
      "0:requested; --wait: every table MATCH",
      "1:--wait: not MATCH (MISMATCH, PENDING or ERROR); or the API refused the request",
      "2:bad usage; 409: the migration is not active",
      Codes.UNAVAILABLE,
      "124:--wait: the request is not done in time (it goes on)"
    })
final class ValidateCommand extends ApiCommand {
  static final Duration POLL = Duration.ofSeconds(2);
  static final String DEFAULT_WAIT = "3600";

  /**
   * {@code --wait} takes the next argument only when it is a number of seconds, as the shell
   * version did: {@code validate --wait demo} waits 3600 s for migration demo.
   */
  static final class WaitSeconds implements IParameterPreprocessor {
    @Override
    public boolean preprocess(
        Stack<String> args, CommandSpec spec, ArgSpec arg, Map<String, Object> info) {
      if (" ".equals(info.get("separator")) && (args.isEmpty() || !args.peek().matches("[0-9]+"))) {
        args.push(DEFAULT_WAIT);
      }
      return false;
    }
  }

  @Parameters(paramLabel = "ID", description = "The migration.")
  String id;

  @Option(names = "--final", description = "A final validation instead of a deep one.")
  boolean finalMode;

  @Option(
      names = "--post-switch",
      description =
          "The post-switch verification (CUT_OVER only): the frozen sources compared with the"
              + " target; a difference recommends a fallback.")
  boolean postSwitch;

  @Option(names = "--source", paramLabel = "SOURCE", description = "Only this source.")
  String source;

  @Option(
      names = "--table",
      paramLabel = "TABLE",
      description = "Only this table (unique in the migration, or give --source).")
  String table;

  @Option(
      names = "--wait",
      arity = "0..1",
      paramLabel = "SECONDS",
      fallbackValue = ValidateCommand.DEFAULT_WAIT,
      preprocessor = ValidateCommand.WaitSeconds.class,
      description =
          "Wait up to SECONDS (default 3600) for the result and print it: exit 0 on MATCH, 1"
              + " otherwise, 124 when not done in time.")
  Long await;

  ValidateCommand(Context ctx) {
    super(ctx);
  }

  @Override
  int run() throws InterruptedException {
    if (await != null) {
      seconds("--wait", await);
    }
    if (finalMode && postSwitch) {
      throw usage("give --final or --post-switch, not both");
    }
    ApiPath path =
        migration(id, "validate")
            .query("mode", finalMode ? "final" : postSwitch ? "postswitch" : null)
            .query("source", source)
            .query("table", table);
    JsonNode requested = ok(send("POST", path));
    String request = Fmt.s(requested, "requestId");
    String mode = Fmt.s(requested, "mode");
    if (await == null) {
      note(
          mode
              + " validation requested: request "
              + request
              + " (deploy/tributary validation "
              + id
              + ")");
      if (json) {
        printJson(requested);
      } else {
        print(request);
      }
      return ExitCode.OK;
    }
    note(mode + " validation requested: request " + request + "; waiting up to " + await + "s");
    Instant deadline = deadline(await);
    String progress = "";
    JsonNode doc;
    while (true) {
      doc = get(migration(id, "validation", "requests", request));
      if (Fmt.truthy(doc, "doneAt")) {
        break;
      }
      String now = Reports.requestState(doc);
      if (!now.equals(progress)) {
        note("request " + request + ": " + now);
      }
      progress = now;
      if (passed(deadline)) {
        note("request " + request + " not done after " + await + "s (" + now + ")");
        return ExitCode.TIMED_OUT;
      }
      sleep(POLL);
    }
    if (json) {
      printJson(doc);
    } else {
      print(Reports.request(doc));
    }
    return "MATCH".equals(Fmt.text(doc, "status")) ? ExitCode.OK : ExitCode.FAILED;
  }
}
