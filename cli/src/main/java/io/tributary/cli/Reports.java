package io.tributary.cli;

import static io.tributary.cli.Fmt.get;
import static io.tributary.cli.Fmt.n;
import static io.tributary.cli.Fmt.text;
import static io.tributary.cli.Fmt.truthy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The API's answers as lines: audit events, validation results and requests, differences, cutover
 * states, rehearsals. The same lines the shell version of deploy/tributary printed.
 */
final class Reports {
  private Reports() {}

  // --- events -----------------------------------------------------------------------------

  /** {@code at from -> to actor [step ms] cutover N reason}, one line per event. */
  static List<String> events(JsonNode events) {
    List<String> out = new ArrayList<>();
    for (JsonNode e : events) {
      StringBuilder line =
          new StringBuilder(
              Fmt.s(e, "at")
                  + "  "
                  + Fmt.s(e, "from")
                  + " -> "
                  + Fmt.s(e, "to")
                  + "  "
                  + Fmt.s(e, "actor"));
      if (get(e, "step") != null || get(e, "durationMs") != null) {
        line.append("  [").append(Fmt.s(e, "step")).append(' ').append(n(e, "durationMs"));
        line.append(" ms]");
      }
      if (get(e, "cutover") != null) {
        line.append("  cutover ").append(text(e, "cutover"));
      }
      if (truthy(e, "reason")) {
        line.append("  ").append(text(e, "reason"));
      }
      out.add(line.toString());
    }
    return out;
  }

  // --- commands -----------------------------------------------------------------------------

  /** {@code id: STATE (cutover N): message} of a command's answer. */
  static String state(JsonNode doc) {
    String who = text(doc, "migration");
    if (who == null || who.isEmpty()) {
      who = text(doc, "id");
    }
    StringBuilder line =
        new StringBuilder((who == null || who.isEmpty() ? "?" : who) + ": " + orQ(doc, "state"));
    if (get(doc, "cutover") != null) {
      line.append(" (cutover ").append(text(doc, "cutover")).append(')');
    }
    if (truthy(doc, "message")) {
      line.append(": ").append(text(doc, "message"));
    }
    return line.toString();
  }

  // --- cutover ------------------------------------------------------------------------------

  /** The rehearsal's checks and its verdict. */
  static List<String> rehearsal(JsonNode doc) {
    List<String> out = new ArrayList<>();
    JsonNode checks = get(doc, "checks");
    if (checks != null) {
      for (JsonNode c : checks) {
        String subject = truthy(c, "subject") ? " " + text(c, "subject") : "";
        out.add(
            Fmt.rstrip(
                "  "
                    + Fmt.left(truthy(c, "ok") ? "ok" : "FAIL", 4)
                    + " "
                    + Fmt.s(c, "check")
                    + subject
                    + ": "
                    + Fmt.s(c, "detail")));
      }
    }
    out.add(
        Fmt.s(doc, "migration")
            + ": "
            + (truthy(doc, "ready") ? "ready to cut over" : "NOT ready")
            + " ("
            + Fmt.s(doc, "durationMs")
            + " ms; nothing was frozen)");
    return out;
  }

  /** {@code cut_over} and the like once done, else {@code in progress (step S)}. */
  static String cutoverState(JsonNode c) {
    if (truthy(c, "outcome")) {
      return text(c, "outcome");
    }
    return "in progress" + (truthy(c, "step") ? " (step " + text(c, "step") + ")" : "");
  }

  /** The steps of a finished cutover and its write pause. */
  static List<String> cutoverResult(JsonNode doc) {
    List<String> out = new ArrayList<>(steps(get(doc, "steps")));
    out.add("write pause: " + n(doc, "writePauseMs") + " ms");
    if (!"cut_over".equals(text(doc, "outcome")) && truthy(doc, "detail")) {
      out.add(Fmt.s(doc, "outcome") + ": " + text(doc, "detail"));
    }
    return out;
  }

  /** The latest cutover: outcome, who, times, write pause, detail, steps. */
  static List<String> cutover(JsonNode doc) {
    List<String> out = new ArrayList<>();
    out.add(
        "cutover "
            + Fmt.s(doc, "id")
            + " of "
            + Fmt.s(doc, "migration")
            + ": "
            + cutoverState(doc));
    out.add(
        "  requested by "
            + Fmt.s(doc, "requestedBy")
            + " at "
            + Fmt.s(doc, "requestedAt")
            + (truthy(doc, "reason") ? ": " + text(doc, "reason") : ""));
    String[][] times = {
      {"frozen", "frozenAt"}, {"switched", "switchedAt"}, {"finished", "finishedAt"}
    };
    for (String[] t : times) {
      if (truthy(doc, t[1])) {
        out.add("  " + Fmt.left(t[0], 9) + " " + text(doc, t[1]));
      }
    }
    if (get(doc, "writePauseMs") != null) {
      out.add("  write pause: " + n(doc, "writePauseMs") + " ms");
    }
    if (truthy(doc, "detail")) {
      out.add("  detail: " + text(doc, "detail"));
    }
    if (truthy(doc, "steps")) {
      out.add("steps:");
      out.addAll(steps(get(doc, "steps")));
    }
    return out;
  }

  private static List<String> steps(JsonNode steps) {
    List<String> out = new ArrayList<>();
    if (steps == null) {
      return out;
    }
    int width = 4;
    boolean any = false;
    for (JsonNode s : steps) {
      int len = text(s, "step") == null ? 0 : text(s, "step").length();
      width = any ? Math.max(width, len) : len;
      any = true;
    }
    for (JsonNode s : steps) {
      String step = truthy(s, "step") ? text(s, "step") : "-";
      out.add(
          Fmt.rstrip(
              "  "
                  + Fmt.left(step, width)
                  + "  "
                  + Fmt.right(n(s, "durationMs"), 9)
                  + " ms  "
                  + (truthy(s, "detail") ? text(s, "detail") : "")));
    }
    return out;
  }

  // --- validation ---------------------------------------------------------------------------

  /** {@code source.table -> schema.table}. */
  static String name(JsonNode r) {
    return Fmt.s(r, "source")
        + "."
        + Fmt.s(r, "table")
        + " -> "
        + (truthy(r, "targetSchema") ? text(r, "targetSchema") : "?")
        + "."
        + (truthy(r, "targetTable") ? text(r, "targetTable") : "?");
  }

  /** One table's result: mode, status, counts, differences listed, duration, detail. */
  static String resultLine(JsonNode r, int width) {
    List<String> counts = new ArrayList<>();
    counts.add("source " + n(r, "sourceRows"));
    counts.add("target " + n(r, "targetRows"));
    if (truthy(r, "rejectedRows")) {
      counts.add("rejected " + n(r, "rejectedRows"));
    }
    JsonNode c = get(r, "comparison");
    boolean compared = truthy(c);
    if (compared) {
      counts.add("compared " + n(c, "comparedRows"));
      counts.add("missing " + n(c, "missingRows"));
      counts.add("extra " + n(c, "extraRows"));
      counts.add("differing " + n(c, "differingRows"));
    }
    StringBuilder line =
        new StringBuilder(
            Fmt.left(name(r), width)
                + "  "
                + Fmt.left(Fmt.s(r, "mode"), 10)
                + " "
                + Fmt.left(Fmt.s(r, "status"), 8)
                + "  "
                + String.join(", ", counts));
    if (compared && truthy(c, "differencesListed")) {
      String cut = truthy(c, "differencesComplete") ? "" : ", list cut";
      line.append("  [result ")
          .append(Fmt.s(r, "validationId"))
          .append(": ")
          .append(text(c, "differencesListed"))
          .append(" listed")
          .append(cut)
          .append(']');
    }
    if (compared && get(c, "durationMs") != null) {
      line.append("  ")
          .append(Fmt.oneDecimal(c.get("durationMs").doubleValue() / 1000))
          .append(" s");
    }
    if (truthy(r, "detail")) {
      line.append("  (").append(text(r, "detail")).append(')');
    }
    return line.toString();
  }

  /** Where a validation request stands. */
  static String requestState(JsonNode q) {
    if (truthy(q, "doneAt")) {
      return truthy(q, "status") ? text(q, "status") : "done";
    }
    if (truthy(q, "startedAt")) {
      JsonNode total = get(q, "tablesTotal");
      return "running "
          + (truthy(q, "tablesDone") ? text(q, "tablesDone") : "0")
          + "/"
          + (total == null ? "?" : total.asText())
          + " tables";
    }
    return "waiting for the validator";
  }

  /** {@code request N mode scope by who at when state}. */
  static String requestLine(JsonNode q) {
    String scope =
        (truthy(q, "source") ? text(q, "source") : "all sources")
            + (truthy(q, "table") ? "." + text(q, "table") : "");
    String line =
        "request "
            + Fmt.s(q, "id")
            + "  "
            + Fmt.left(Fmt.s(q, "mode"), 5)
            + "  "
            + scope
            + "  by "
            + Fmt.s(q, "requestedBy")
            + " at "
            + Fmt.s(q, "requestedAt")
            + "  "
            + requestState(q);
    if (truthy(q, "error")) {
      line += "  error: " + text(q, "error");
    }
    return line;
  }

  /** A request's results, then the request. */
  static List<String> request(JsonNode doc) {
    List<String> out = new ArrayList<>();
    JsonNode results = get(doc, "results");
    int width = width(results);
    if (results != null) {
      for (JsonNode r : results) {
        out.add(resultLine(r, width));
      }
    }
    out.add(requestLine(doc));
    return out;
  }

  /** The latest result per table and mode, then the newest requests. */
  static List<String> overview(JsonNode doc) {
    List<String> out = new ArrayList<>();
    JsonNode tables = get(doc, "tables");
    if (!truthy(tables)) {
      out.add("no validation results yet");
    } else {
      int width = width(tables);
      for (JsonNode r : tables) {
        out.add(resultLine(r, width));
      }
    }
    JsonNode requests = get(doc, "requests");
    if (truthy(requests)) {
      out.add("");
      for (JsonNode q : requests) {
        out.add(requestLine(q));
      }
    }
    return out;
  }

  /** A page of the differences a result found. */
  static List<String> differences(JsonNode doc) {
    List<String> out = new ArrayList<>();
    JsonNode listed = get(doc, "differences");
    int count = listed == null ? 0 : listed.size();
    long offset = doc.path("offset").asLong(0);
    JsonNode complete = get(doc, "listedComplete");
    String state =
        complete == null || !complete.isBoolean()
            ? ""
            : complete.booleanValue()
                ? " (every difference listed)"
                : " (the list was cut: the result counts them all)";
    out.add(
        "result "
            + Fmt.s(doc, "validationId")
            + ": differences "
            + (count > 0 ? offset + 1 : 0)
            + "-"
            + (offset + count)
            + " of "
            + Fmt.s(doc, "total")
            + " stored"
            + state);
    if (listed != null) {
      for (JsonNode d : listed) {
        String cols = "";
        if (truthy(d, "columns")) {
          List<String> names = new ArrayList<>();
          d.get("columns").forEach(x -> names.add(x.asText()));
          cols = " [" + String.join(",", names) + "]";
        }
        String line =
            "#"
                + Fmt.s(d, "position")
                + " "
                + Fmt.left(Fmt.s(d, "kind"), 9)
                + " "
                + dump(get(d, "key"))
                + cols
                + "  source "
                + dump(get(d, "sourceValues"))
                + "  target "
                + dump(get(d, "targetValues"));
        if (truthy(d, "detail")) {
          line += "  (" + text(d, "detail") + ")";
        }
        out.add(line);
      }
    }
    return out;
  }

  /** JSON as stored: numbers exact, no spaces; "-" for null. */
  static String dump(JsonNode v) {
    return v == null || v.isNull() ? Fmt.NONE : Json.compact(v);
  }

  private static int width(JsonNode results) {
    int width = 0;
    if (results != null) {
      for (JsonNode r : results) {
        width = Math.max(width, name(r).length());
      }
    }
    return width;
  }

  private static String orQ(JsonNode doc, String field) {
    return truthy(doc, field) ? text(doc, field) : "?";
  }
}
