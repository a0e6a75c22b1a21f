package io.tributary.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** The last lines of a log file, for the message of an exception. */
public final class LogTail {

  /** How many lines {@link #of(Path)} returns. */
  public static final int DEFAULT_LINES = 40;

  private LogTail() {}

  /** The last {@value #DEFAULT_LINES} lines of a file, headed by its path. */
  public static String of(Path file) {
    return of(file, DEFAULT_LINES);
  }

  /** The last {@code maxLines} lines of a file, headed by its path; never throws. */
  public static String of(Path file, int maxLines) {
    if (!Files.isRegularFile(file)) {
      return "\n--- " + file + " does not exist ---";
    }
    try {
      String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
      List<String> lines = Arrays.asList(text.split("\r?\n"));
      List<String> tail = lines.subList(Math.max(0, lines.size() - maxLines), lines.size());
      return "\n--- last lines of " + file + " ---\n" + String.join("\n", tail);
    } catch (IOException e) {
      return "\n--- cannot read " + file + ": " + e + " ---";
    }
  }
}
