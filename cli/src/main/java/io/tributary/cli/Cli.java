package io.tributary.cli;

import java.lang.reflect.Constructor;
import picocli.CommandLine;
import picocli.CommandLine.IFactory;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The command line as a program: parses the arguments, runs the command, returns its exit status
 * ({@link ExitCode}). Everything it depends on is given, so tests run it in-process.
 */
public final class Cli {
  private static final int HELP_WIDTH = 100;

  private final Context ctx;

  /**
   * @param ctx what the commands work with: the environment, the output, the time
   */
  public Cli(Context ctx) {
    this.ctx = ctx;
  }

  /** Runs one command line; returns its exit status. */
  public int run(String... args) {
    int code = commandLine().execute(args);
    ctx.out.flush();
    ctx.err.flush();
    return code;
  }

  /** The parser of every command, wired to this program's output and handlers. */
  CommandLine commandLine() {
    CommandLine cl = new CommandLine(TributaryCommand.class, new Factory(ctx));
    cl.setOut(ctx.out);
    cl.setErr(ctx.err);
    cl.setUsageHelpWidth(HELP_WIDTH);
    cl.setParameterExceptionHandler(this::badUsage);
    cl.setExecutionExceptionHandler(this::failed);
    for (CommandLine sub : cl.getSubcommands().values()) {
      sub.getCommandSpec()
          .usageMessage()
          .parameterListHeading("%nParameters:%n")
          .optionListHeading("%nOptions:%n");
    }
    cl.getCommandSpec().usageMessage().optionListHeading("%nOptions:%n");
    return cl;
  }

  /** Bad usage: one line naming what is wrong and where the help is; exit 2. */
  private int badUsage(ParameterException e, String[] args) {
    CommandLine cmd = e.getCommandLine();
    String help =
        cmd.getParent() == null ? "tributary --help" : "tributary help " + cmd.getCommandName();
    ctx.err.println(
        cmd.getCommandSpec().qualifiedName() + ": " + e.getMessage() + " (" + help + ")");
    if (e instanceof UnmatchedArgumentException unmatched) {
      UnmatchedArgumentException.printSuggestions(unmatched, ctx.err);
    }
    ctx.err.flush();
    return ExitCode.USAGE;
  }

  /** A command that failed: its message, never a stack trace (unless TRIBUTARY_DEBUG is set). */
  private int failed(Exception e, CommandLine cmd, ParseResult parsed) {
    ctx.out.flush();
    int code;
    if (e instanceof CliException failure) {
      ctx.err.println("tributary: " + failure.getMessage());
      code = failure.exitCode();
    } else if (e instanceof InterruptedException) {
      ctx.err.println("tributary: interrupted");
      code = 130;
    } else {
      ctx.err.println(
          "tributary: internal error: " + e + (debug() ? "" : " (TRIBUTARY_DEBUG=1 shows where)"));
      code = ExitCode.FAILED;
    }
    if (debug()) {
      e.printStackTrace(ctx.err);
    }
    ctx.err.flush();
    return code;
  }

  private boolean debug() {
    String v = ctx.env.get("TRIBUTARY_DEBUG");
    return v != null && !v.isBlank() && !v.equals("0");
  }

  /** Makes commands with the context when they take it, anything else as picocli does. */
  private static final class Factory implements IFactory {
    private final Context ctx;

    Factory(Context ctx) {
      this.ctx = ctx;
    }

    @Override
    public <K> K create(Class<K> cls) throws Exception {
      for (Constructor<?> c : cls.getDeclaredConstructors()) {
        if (c.getParameterCount() == 1 && c.getParameterTypes()[0] == Context.class) {
          c.setAccessible(true);
          return cls.cast(c.newInstance(ctx));
        }
      }
      return CommandLine.defaultFactory().create(cls);
    }
  }
}
