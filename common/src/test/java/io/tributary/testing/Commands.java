package io.tributary.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs short-lived external commands whose output goes to a log file. */
final class Commands {

  private static final String RUNUSER =
      new File("/usr/sbin/runuser").canExecute() ? "/usr/sbin/runuser" : "runuser";

  private Commands() {}

  /**
   * Runs a command to completion.
   *
   * @param command the command line
   * @param workingDirectory the directory it runs in
   * @param log file that receives (appended) its standard output and error
   * @param timeout how long it may take
   * @throws IllegalStateException if it fails or times out; the message has the end of the log
   */
  static void run(List<String> command, Path workingDirectory, Path log, Duration timeout) {
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(workingDirectory.toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot run " + command, e);
    }
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException(
            "Timed out after " + timeout + ": " + command + LogTail.of(log));
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while running " + command, e);
    }
    if (process.exitValue() != 0) {
      throw new IllegalStateException(
          "Exit code " + process.exitValue() + " from " + command + LogTail.of(log));
    }
  }

  /** Prefixes a command so that it runs as another OS user (we must be root). */
  static List<String> asUser(String user, List<String> command) {
    List<String> full = new ArrayList<>(List.of(RUNUSER, "-u", user, "--"));
    full.addAll(command);
    return full;
  }
}
