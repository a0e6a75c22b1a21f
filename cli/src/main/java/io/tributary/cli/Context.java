package io.tributary.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;

/** What every command works with: its output, the time, and the API (reached on first use). */
public final class Context {
  static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofMinutes(5);

  final Map<String, String> env;
  final Path endpointsFile;
  final PrintWriter out;
  final PrintWriter err;
  final Ticker ticker;
  final boolean terminal;
  final ZoneId zone;
  Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
  private ApiClient api;

  /**
   * @param env the environment ({@code TRIBUTARY_API}, {@code TRIBUTARY_TOKEN}, {@code
   *     TRIBUTARY_DEBUG})
   * @param endpointsFile the local runtime's endpoints.env (it may not exist)
   * @param out where results go
   * @param err where errors, progress and hints go
   * @param ticker the time of waits and rates
   * @param terminal whether out is a terminal ({@code status --watch} clears it between frames)
   * @param zone the time zone of clock times shown
   */
  public Context(
      Map<String, String> env,
      Path endpointsFile,
      PrintWriter out,
      PrintWriter err,
      Ticker ticker,
      boolean terminal,
      ZoneId zone) {
    this.env = env;
    this.endpointsFile = endpointsFile;
    this.out = out;
    this.err = err;
    this.ticker = ticker;
    this.terminal = terminal;
    this.zone = zone;
  }

  /** The API client; the first call resolves and checks the address and the token (exit 2). */
  ApiClient api() {
    if (api == null) {
      Endpoints endpoints = Endpoints.resolve(env, endpointsFile, err).check();
      api = new ApiClient(endpoints, requestTimeout, "tributary-cli/" + VersionProvider.version());
    }
    return api;
  }
}
