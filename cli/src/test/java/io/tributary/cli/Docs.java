package io.tributary.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Answers of the API for the fake: real ones (resources) and made ones in their shape. */
final class Docs {
  private Docs() {}

  /** A resource next to the tests: real answers of a bench run's API. */
  static String resource(String name) {
    try (InputStream in = Docs.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalArgumentException("no test resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code GET /migrations/{id}} with these sources and tables. */
  static String migration(
      String id, String state, String reason, ObjectNode[] sources, ObjectNode... tables) {
    ObjectNode m = Json.MAPPER.createObjectNode();
    m.put("id", id);
    m.put("state", state);
    m.put("stateReason", reason);
    m.put("createdAt", "2026-11-25T20:50:23.531104Z");
    m.put("updatedAt", "2026-11-25T20:50:43.022187Z");
    m.putArray("sources").addAll(List.of(sources));
    m.putArray("tables").addAll(List.of(tables));
    return Json.compact(m);
  }

  static ObjectNode sqliteSource(String name, String schema) {
    return source(name, "sqlite", schema, null, null, null, 0);
  }

  static ObjectNode source(
      String name,
      String kind,
      String schema,
      Long slotLag,
      Long slotRetained,
      String captureError,
      int failures) {
    ObjectNode s = Json.MAPPER.createObjectNode();
    s.put("name", name);
    s.put("kind", kind);
    s.put("targetSchema", schema);
    s.put("slotLagBytes", slotLag);
    s.put("slotRetainedBytes", slotRetained);
    s.put("slotCheckedAt", slotLag == null ? null : "2026-11-25T20:59:58.1Z");
    s.put("captureError", captureError);
    s.put("captureErrorAt", captureError == null ? null : "2026-11-25T20:59:30.123456Z");
    s.put("captureFailures", failures);
    return s;
  }

  /** A table; nulls where the API has none yet. */
  static ObjectNode table(
      String source,
      String table,
      boolean snapshotDone,
      Long snapshotRows,
      Long sourceRows,
      Long targetRows,
      Long appliedRecords,
      Long applyLag,
      long rejected,
      String validation) {
    ObjectNode t = Json.MAPPER.createObjectNode();
    t.put("source", source);
    t.put("sourceTable", table);
    t.put("targetSchema", source);
    t.put("targetTable", table);
    t.put("topic", "tributary.demo." + source + ".main." + table);
    t.put("snapshotDone", snapshotDone);
    t.put("snapshotRows", snapshotRows);
    t.put("load", snapshotDone ? "keyed" : "copy");
    t.put("sourceRows", sourceRows);
    t.put("targetRows", targetRows);
    t.put("rejectedRows", rejected);
    if (validation == null) {
      t.putNull("validation");
    } else {
      ObjectNode v = t.putObject("validation");
      v.put("status", validation);
      v.put("at", "2026-11-25T20:59:50.5Z");
      v.put("mode", "continuous");
      v.putNull("sourceChecksum");
      v.putNull("targetChecksum");
      v.putNull("detail");
    }
    t.put("applyLag", applyLag);
    t.putNull("problem");
    if (appliedRecords != null) {
      t.put("appliedRecords", appliedRecords);
    }
    return t;
  }
}
