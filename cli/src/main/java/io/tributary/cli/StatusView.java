package io.tributary.cli;

import static io.tributary.cli.Fmt.get;
import static io.tributary.cli.Fmt.num;
import static io.tributary.cli.Fmt.text;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code GET /migrations/{id}} as a table: the migration's state and why; per table source and
 * target rows, how much is loaded, rows per second and the time left (from two samples), apply lag,
 * open rejects and the latest validation; per source its capture.
 */
final class StatusView {
  /** States a migration does not leave: watching ends there. */
  static final Set<String> FINAL_STATES = Set.of("CUT_OVER", "FAILED", "ABANDONED", "FINISHED");

  private static final Set<String> CAPTURING =
      Set.of("SNAPSHOTTING", "REPLICATING", "CUTTING_OVER", "ROLLED_BACK", "FELL_BACK");

  private StatusView() {}

  /** One table's progress: rows loaded and in all, percent, rate and time left. */
  record Progress(Long loaded, Long total, Double percent, Double rate, Double etaSeconds) {}

  /**
   * Loaded rows are the latest validation's target rows, or, while the snapshot loads, the records
   * apply committed if that is more (read live) but not more than the source rows; in all: the
   * source rows of the latest validation, or the rows the snapshot read once it is done. A table
   * whose snapshot is done is 100 %; one still loading at most 99.9 %. Time left: rows left over
   * the rate, while loading.
   */
  static Progress progress(JsonNode t, Double rate) {
    boolean done = t.path("snapshotDone").asBoolean(false);
    Long applied = num(t, "appliedRecords");
    Long total = num(t, "sourceRows");
    if (total == null && done) {
      total = num(t, "snapshotRows");
    }
    Long loaded = num(t, "targetRows");
    // Records of a table read again (resync) count its earlier reads too: more than the source
    // has, they say nothing of this read.
    if (!done && applied != null && (total == null || applied <= total)) {
      loaded = Math.max(loaded == null ? 0 : loaded, applied);
    }
    Double percent = null;
    if (done) {
      percent = 100.0;
    } else if (total != null && loaded != null) {
      percent = Math.min(99.9, 100.0 * loaded / Math.max(total, 1));
    }
    Double eta = null;
    if (!done && total != null && rate != null && rate > 0) {
      eta = Math.max(0, (total - (loaded == null ? 0 : loaded)) / rate);
    }
    return new Progress(loaded, total, percent, rate, eta);
  }

  /**
   * The whole view.
   *
   * @param rates rows per second by table ({@link RateTracker#key}); empty when only one sample
   */
  static List<String> render(JsonNode m, Map<String, Double> rates) {
    List<String> out = new ArrayList<>();
    out.add("migration " + Fmt.s(m, "id") + ": " + Fmt.s(m, "state"));
    if (Fmt.truthy(m, "stateReason")) {
      out.add("  " + text(m, "stateReason"));
    }
    out.add(
        "  created "
            + Fmt.time(text(m, "createdAt"))
            + ", updated "
            + Fmt.time(text(m, "updatedAt")));

    JsonNode tables = get(m, "tables");
    List<String> problems = new ArrayList<>();
    TextTable table =
        new TextTable(
                "table",
                "source rows",
                "target rows",
                "loaded",
                "rows/s",
                "ETA",
                "apply lag",
                "rejects",
                "validation")
            .right(1, 2, 3, 4, 5, 6, 7);
    if (tables != null) {
      for (JsonNode t : tables) {
        Progress p = progress(t, rates.get(RateTracker.key(t)));
        boolean done = t.path("snapshotDone").asBoolean(false);
        table.row(
            Fmt.s(t, "source") + "." + Fmt.s(t, "sourceTable"),
            Fmt.n(t, "sourceRows"),
            Fmt.n(t, "targetRows"),
            percent(p.percent()),
            p.rate() == null ? Fmt.NONE : Fmt.n(Math.round(p.rate())),
            done || p.etaSeconds() == null ? Fmt.NONE : Fmt.duration(p.etaSeconds()),
            Fmt.n(t, "applyLag"),
            Fmt.n(t, "rejectedRows"),
            validation(get(t, "validation")));
        if (Fmt.truthy(t, "problem")) {
          problems.add(
              "  "
                  + Fmt.s(t, "source")
                  + "."
                  + Fmt.s(t, "sourceTable")
                  + ": "
                  + text(t, "problem"));
        }
      }
    }
    out.add("");
    if (table.isEmpty()) {
      out.add("no tables");
    } else {
      out.addAll(table.lines(""));
    }

    JsonNode sources = get(m, "sources");
    if (Fmt.truthy(sources)) {
      boolean capturing = CAPTURING.contains(Fmt.s(m, "state"));
      TextTable view =
          new TextTable("source", "kind", "target schema", "capture", "slot lag", "WAL held")
              .right(4, 5);
      List<String> failing = new ArrayList<>();
      for (JsonNode s : sources) {
        String capture;
        if (Fmt.truthy(s, "captureError")) {
          long failures = s.path("captureFailures").asLong(0);
          capture = "FAILING (" + failures + (failures == 1 ? " attempt)" : " attempts)");
          failing.add(
              "  "
                  + Fmt.s(s, "name")
                  + ": capture failing since "
                  + Fmt.time(text(s, "captureErrorAt"))
                  + ": "
                  + text(s, "captureError"));
        } else {
          capture = capturing ? "capturing" : "not capturing";
        }
        view.row(
            Fmt.s(s, "name"),
            Fmt.s(s, "kind"),
            Fmt.s(s, "targetSchema"),
            capture,
            Fmt.bytes(num(s, "slotLagBytes")),
            Fmt.bytes(num(s, "slotRetainedBytes")));
      }
      out.add("");
      out.addAll(view.lines(""));
      if (!failing.isEmpty()) {
        out.add("");
        out.add("capture errors:");
        out.addAll(failing);
      }
    }
    if (!problems.isEmpty()) {
      out.add("");
      out.add("problems:");
      out.addAll(problems);
    }
    return out;
  }

  private static String percent(Double p) {
    if (p == null) {
      return Fmt.NONE;
    }
    return p >= 100.0 ? "100%" : String.format(Locale.ROOT, "%.1f%%", p);
  }

  private static String validation(JsonNode v) {
    if (v == null) {
      return Fmt.NONE;
    }
    String status = Fmt.s(v, "status");
    String mode = text(v, "mode");
    return mode == null || mode.equals("continuous") ? status : status + " (" + mode + ")";
  }
}
