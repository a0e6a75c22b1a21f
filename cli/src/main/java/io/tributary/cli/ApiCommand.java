package io.tributary.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** A command that calls the API: its {@code --json}, its calls and its output. */
abstract class ApiCommand implements Callable<Integer> {
  final Context ctx;

  @Spec CommandSpec spec;

  @Mixin HelpOption help;

  @Option(
      names = "--json",
      description = "Print the API's answer as it is (JSON, indented) instead of text.")
  boolean json;

  ApiCommand(Context ctx) {
    this.ctx = ctx;
  }

  @Override
  public final Integer call() throws Exception {
    int code = run();
    ctx.out.flush();
    return code;
  }

  /** Does the command; returns its exit status ({@link ExitCode}). */
  abstract int run() throws Exception;

  // --- calls ----------------------------------------------------------------------------------

  ApiResponse send(String method, ApiPath path) {
    return ctx.api().send(method, path);
  }

  ApiResponse sendJson(String method, ApiPath path, byte[] body) {
    return ctx.api().send(method, path, ApiClient.JSON, body);
  }

  /**
   * The JSON of a 2xx answer. Any other answer ends the command: with --json its body is printed
   * first (when it is JSON), then the refusal ({@link ApiClient#refusal}).
   */
  JsonNode ok(ApiResponse answer) {
    if (!answer.ok()) {
      throw refused(answer);
    }
    return ctx.api().expectOk(answer);
  }

  /** What a refused answer ends the command with (its body printed first with --json). */
  CliException refused(ApiResponse answer) {
    JsonNode body = answer.json();
    if (json && body != null) {
      printJson(body);
    }
    return ctx.api().refusal(answer);
  }

  JsonNode get(ApiPath path) {
    return ok(send("GET", path));
  }

  /** POST /migrations/{id}/{action} with {@code {"reason": ...}} (cutover, rollback, pause...). */
  ApiResponse command(ApiPath path, String reason) {
    return sendJson("POST", path, Json.object("reason", reason));
  }

  /**
   * A rehearsal ({@code POST path?check=true}, nothing started): prints its checks.
   *
   * @return {@link ExitCode#OK} when ready, else {@link ExitCode#NOT_READY}
   */
  int rehearse(ApiPath path) {
    ApiResponse answer =
        sendJson("POST", path.flag("check", true), "{}".getBytes(StandardCharsets.UTF_8));
    if (answer.status() != 200) {
      throw refused(answer);
    }
    JsonNode rehearsal = ok(answer);
    if (json) {
      printJson(rehearsal);
    } else {
      print(Reports.rehearsal(rehearsal));
    }
    return Fmt.truthy(rehearsal, "ready") ? ExitCode.OK : ExitCode.NOT_READY;
  }

  static ApiPath migration(String id, String... more) {
    String[] segments = new String[more.length + 2];
    segments[0] = "migrations";
    segments[1] = id;
    System.arraycopy(more, 0, segments, 2, more.length);
    return ApiPath.of(segments);
  }

  // --- output ---------------------------------------------------------------------------------

  void printJson(JsonNode doc) {
    ctx.out.println(Json.pretty(doc));
    ctx.out.flush();
  }

  void print(List<String> lines) {
    lines.forEach(ctx.out::println);
    ctx.out.flush();
  }

  void print(String line) {
    ctx.out.println(line);
    ctx.out.flush();
  }

  /** A progress or hint line on stderr, {@code tributary: ...}. */
  void note(String line) {
    ctx.err.println("tributary: " + line);
    ctx.err.flush();
  }

  // --- waits ----------------------------------------------------------------------------------

  /** A deadline this many seconds from now. */
  Instant deadline(long seconds) {
    return ctx.ticker.now().plusSeconds(seconds);
  }

  boolean passed(Instant deadline) {
    return !ctx.ticker.now().isBefore(deadline);
  }

  void sleep(Duration d) throws InterruptedException {
    ctx.ticker.sleep(d);
  }

  /** Bad usage found by the command: one line naming it and the command's help (exit 2). */
  ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }

  /** Refuses a negative number of seconds (exit 2). */
  long seconds(String option, long value) {
    if (value < 0) {
      throw new ParameterException(spec.commandLine(), option + " needs SECONDS (0 or more)");
    }
    return value;
  }
}
