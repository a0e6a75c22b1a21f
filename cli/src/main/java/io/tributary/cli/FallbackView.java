package io.tributary.cli;

import static io.tributary.cli.Fmt.get;
import static io.tributary.cli.Fmt.n;
import static io.tributary.cli.Fmt.s;
import static io.tributary.cli.Fmt.text;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** The text of {@code fallback-status} and {@code fallback}: a window, a fallback's report. */
final class FallbackView {
  private FallbackView() {}

  /** {@code GET /migrations/{id}/fallback}. */
  static List<String> window(JsonNode view) {
    List<String> out = new ArrayList<>();
    out.add(text(view, "migration") + ": " + text(view, "state"));
    JsonNode w = get(view, "window");
    if (w == null || w.isNull()) {
      out.add("  no fallback window (cutover.fallback: false, or no cutover yet)");
    } else {
      boolean closed = get(w, "closedAt") != null && !get(w, "closedAt").isNull();
      out.add(
          "  window:          "
              + (closed
                  ? "closed " + Fmt.time(text(w, "closedAt")) + " (" + s(w, "closedReason") + ")"
                  : "open, ends " + Fmt.time(text(w, "endsAt"))));
      out.add(
          "  written back:    "
              + n(w, "appliedChanges")
              + " changes, "
              + n(w, "changedRows")
              + " rows");
      out.add("  reverse lag:     " + Fmt.bytes(Fmt.num(w, "lagBytes")));
      out.add(
          "  verified:        "
              + (get(w, "verifiedAt") == null || get(w, "verifiedAt").isNull()
                  ? "not yet"
                  : "every table up to " + Fmt.time(text(w, "verifiedAt")))
              + ", "
              + n(w, "unverifiedRows")
              + " rows written back since (compared by a fallback's gate)");
      out.add("  reverse rejects: " + n(w, "rejects"));
      out.add(
          "  last write-back: "
              + Fmt.time(text(w, "appliedAt"))
              + " (target WAL "
              + s(w, "appliedLsn")
              + ")");
      if (get(w, "error") != null && !get(w, "error").isNull()) {
        out.add("  FAILING since " + Fmt.time(text(w, "errorAt")) + ": " + text(w, "error"));
      }
    }
    out.addAll(postSwitch(get(view, "postSwitch")));
    JsonNode latest = get(view, "latestFallback");
    if (latest != null && !latest.isNull()) {
      out.add(
          "  latest fallback: "
              + text(latest, "id")
              + " "
              + s(latest, "outcome")
              + ", write pause "
              + n(latest, "writePauseMs")
              + " ms");
    }
    return out;
  }

  /** The post-switch verification's lines: where it stands, and what to do about a difference. */
  static List<String> postSwitch(JsonNode p) {
    List<String> out = new ArrayList<>();
    if (p == null || p.isNull()) {
      return out;
    }
    JsonNode status = get(p, "status");
    String line;
    if (status == null || status.isNull()) {
      line = "running, " + n(p, "tablesDone") + " of " + n(p, "tablesTotal") + " tables compared";
    } else if ("MATCH".equals(status.asText())) {
      line =
          "MATCH: the frozen sources and the target are equal ("
              + Fmt.time(text(p, "doneAt"))
              + ")";
    } else {
      line = status.asText() + ": " + n(p, "differingRows") + " rows differ";
      JsonNode tables = get(p, "tables");
      if (tables != null && tables.isArray() && !tables.isEmpty()) {
        List<String> names = new ArrayList<>();
        tables.forEach(t -> names.add(t.asText()));
        line += " (" + String.join(", ", names) + ")";
      }
    }
    out.add("  post-switch:     " + line + " [request " + text(p, "requestId") + "]");
    JsonNode error = get(p, "error");
    if (error != null && !error.isNull()) {
      out.add("                   " + error.asText());
    }
    JsonNode recommendation = get(p, "recommendation");
    if (recommendation != null && !recommendation.isNull()) {
      out.add("  FALLBACK RECOMMENDED: " + recommendation.asText());
    }
    return out;
  }

  /** {@code POST /migrations/{id}/fallback}. */
  static List<String> report(JsonNode report) {
    List<String> out = new ArrayList<>();
    out.add(
        text(report, "migration")
            + ": fallback "
            + text(report, "fallback")
            + " "
            + text(report, "outcome")
            + " ("
            + text(report, "state")
            + "), write pause "
            + n(report, "writePauseMs")
            + " ms");
    JsonNode steps = get(report, "steps");
    if (steps != null) {
      for (JsonNode step : steps) {
        out.add(
            "  "
                + Fmt.left(text(step, "step"), 15)
                + Fmt.right(n(step, "durationMs"), 7)
                + " ms  "
                + text(step, "detail"));
      }
    }
    out.add("  " + text(report, "detail"));
    return out;
  }
}
