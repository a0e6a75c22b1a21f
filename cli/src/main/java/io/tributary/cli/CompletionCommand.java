package io.tributary.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code completion [bash|zsh]}: the completion script of every command and option. */
@Command(
    name = "completion",
    header = "Print the bash (or zsh) completion script.",
    description = {
      "Print a completion script of the commands and their options for bash (zsh: the same"
          + " script, through bashcompinit). Use it with:",
      "  source <(deploy/tributary completion bash)",
      "or put that line in ~/.bashrc. It completes `tributary` and `deploy/tributary` alike."
    },
    exitCodeListHeading = Codes.HEADING,
    exitCodeList = {Codes.OK, "2:a shell other than bash or zsh"})
final class CompletionCommand implements Callable<Integer> {
  private final Context ctx;

  @Spec CommandSpec spec;

  @Mixin HelpOption help;

  @Parameters(
      paramLabel = "SHELL",
      arity = "0..1",
      defaultValue = "bash",
      description = "bash (default) or zsh.")
  String shell;

  CompletionCommand(Context ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() {
    if (!shell.equals("bash") && !shell.equals("zsh")) {
      throw new ParameterException(spec.commandLine(), "bash or zsh, not '" + shell + "'");
    }
    ctx.out.print(AutoComplete.bash("tributary", spec.root().commandLine()));
    ctx.out.flush();
    return ExitCode.OK;
  }
}
