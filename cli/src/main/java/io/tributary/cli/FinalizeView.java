package io.tributary.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Finalize's steps as a table, then why a step failed or was skipped, then the counts. */
final class FinalizeView {
  private FinalizeView() {}

  static List<String> render(JsonNode steps) {
    List<String> out = new ArrayList<>();
    if (steps.size() == 0) {
      out.add("no finalize steps");
      return out;
    }
    TextTable table = new TextTable("#", "state", "kind", "table", "ms", "statement").right(0, 4);
    List<String> details = new ArrayList<>();
    Map<String, Integer> counts = new TreeMap<>();
    for (JsonNode s : steps) {
      String state = Fmt.s(s, "state");
      counts.merge(state, 1, Integer::sum);
      table.row(
          Fmt.s(s, "position"),
          state,
          Fmt.s(s, "kind"),
          Fmt.s(s, "table"),
          Fmt.n(s, "durationMs"),
          Fmt.s(s, "statement").replaceAll("\\s+", " "));
      if (Fmt.truthy(s, "detail")) {
        details.add("  #" + Fmt.s(s, "position") + " " + state + ": " + Fmt.text(s, "detail"));
      }
    }
    out.addAll(table.lines(""));
    if (!details.isEmpty()) {
      out.add("");
      out.addAll(details);
    }
    List<String> parts = new ArrayList<>();
    counts.forEach((state, n) -> parts.add(n + " " + state));
    out.add("");
    out.add(steps.size() + (steps.size() == 1 ? " step: " : " steps: ") + String.join(", ", parts));
    return out;
  }

  static boolean anyFailed(JsonNode steps) {
    for (JsonNode s : steps) {
      if ("failed".equalsIgnoreCase(Fmt.text(s, "state"))) {
        return true;
      }
    }
    return false;
  }
}
