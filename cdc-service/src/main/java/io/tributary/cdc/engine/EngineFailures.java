package io.tributary.cdc.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * Why a capture (or a write-back) failed, in words an operator reads where they look (the source's
 * {@code captureError}, its tables, the state reason, the audit log): the messages of the exception
 * and its causes, each once, the innermost exception's type named.
 */
public final class EngineFailures {
  /** The longest description kept. */
  public static final int MAX_LENGTH = 2000;

  private EngineFailures() {}

  public static String describe(Throwable failure) {
    if (failure == null) {
      return "capture stopped without saying why (see cdc-service's log)";
    }
    List<String> messages = new ArrayList<>();
    Throwable innermost = failure;
    for (Throwable t = failure; t != null && messages.size() < 8; t = t.getCause()) {
      innermost = t;
      String message = t.getMessage();
      if (message == null || message.isBlank()) {
        continue;
      }
      String m = message.strip();
      if (messages.stream().noneMatch(seen -> seen.contains(m))) {
        messages.add(m);
      }
      if (t.getCause() == t) {
        break;
      }
    }
    String text =
        (messages.isEmpty() ? "" : String.join(": ", messages) + " ")
            + "("
            + innermost.getClass().getSimpleName()
            + ")";
    return text.length() <= MAX_LENGTH ? text : text.substring(0, MAX_LENGTH - 1) + "…";
  }
}
