package io.tributary.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;

/** Runs the command line in-process against an API; what it printed and its exit status. */
final class Run {
  /** The outcome of one run. */
  record Result(int code, String out, String err) {}

  final Map<String, String> env = new HashMap<>();
  Path endpointsFile = Path.of("/nonexistent/endpoints.env");
  FakeTicker ticker = new FakeTicker();

  /** Against this API (TRIBUTARY_API), with this token (TRIBUTARY_TOKEN) unless null. */
  static Run against(FakeApi api, String token) {
    Run run = new Run();
    run.env.put("TRIBUTARY_API", api.url());
    if (token != null) {
      run.env.put("TRIBUTARY_TOKEN", token);
    }
    return run;
  }

  Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        new Cli(
                new Context(
                    env,
                    endpointsFile,
                    new PrintWriter(out),
                    new PrintWriter(err),
                    ticker,
                    false,
                    ZoneOffset.UTC))
            .run(args);
    return new Result(code, out.toString(), err.toString());
  }
}
