package io.tributary.cli;

import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** {@code tributary}: the commands; without one, the usage and exit 2. */
@Command(
    name = "tributary",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    sortOptions = false,
    synopsisSubcommandLabel = "COMMAND",
    description = {
      "Tributary's command line: the orchestrator's operator API from a shell.",
      "",
      "The API is $TRIBUTARY_API, else the one in deploy/local/.run/endpoints.env (written by"
          + " deploy/local/up.sh), else "
          + Endpoints.DEFAULT_API
          + ". Every call carries the operator token, Authorization: Bearer $TRIBUTARY_TOKEN;"
          + " without TRIBUTARY_TOKEN the token in endpoints.env, but only to the API of that"
          + " file. Every call needs it, reads included."
    },
    commandListHeading = "%nCommands:%n",
    subcommands = {
      HelpCommand.class,
      PlanCommand.class,
      ListCommand.class,
      StatusCommand.class,
      EventsCommand.class,
      FinalizeCommand.class,
      FinalizeStatusCommand.class,
      ReplayCommand.class,
      ReplaysCommand.class,
      InvalidCommand.class,
      ValidateCommand.class,
      ValidationCommand.class,
      DifferencesCommand.class,
      CutoverCommand.class,
      CutoverStatusCommand.class,
      RollbackCommand.class,
      FallbackCommand.class,
      FallbackStatusCommand.class,
      FinishCommand.class,
      PauseCommand.class,
      ResumeCommand.class,
      ResyncCommand.class,
      AbandonCommand.class,
      AbandonStatusCommand.class,
      CompletionCommand.class
    },
    exitCodeListHeading = Codes.HEADING,
    exitCodeList = {
      Codes.OK,
      "1:the API refused the request, or the awaited outcome is a failure",
      Codes.USAGE,
      Codes.NOT_READY,
      Codes.UNAVAILABLE,
      Codes.TIMED_OUT
    },
    footer = {"", "Reference: docs/cli.md. Completion: source <(deploy/tributary completion bash)"})
final class TributaryCommand implements Callable<Integer> {
  private final Context ctx;

  @Spec CommandSpec spec;

  TributaryCommand(Context ctx) {
    this.ctx = ctx;
  }

  @Option(
      names = "--request-timeout",
      paramLabel = "SECONDS",
      scope = ScopeType.INHERIT,
      description =
          "How long one call of the API may take before the command gives up (exit 69); default"
              + " 300.")
  void requestTimeout(double seconds) {
    if (!(seconds > 0) || seconds > 86_400) {
      throw new ParameterException(
          spec.commandLine(), "--request-timeout must be between 0 and 86400 seconds");
    }
    ctx.requestTimeout = Duration.ofMillis(Math.max(1, Math.round(seconds * 1000)));
  }

  @Override
  public Integer call() {
    spec.commandLine().usage(ctx.err);
    return ExitCode.USAGE;
  }
}
