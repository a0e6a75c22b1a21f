package io.tributary.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** Where an abandon stands: per source its change capture, the topics, the target schemas. */
final class AbandonView {
  private AbandonView() {}

  static List<String> render(JsonNode r) {
    List<String> out = new ArrayList<>();
    boolean cleaned = r.path("cleanedUp").asBoolean(false);
    boolean abandoned = "ABANDONED".equals(Fmt.text(r, "state"));
    String where;
    if (!abandoned) {
      where = " (not abandoned)";
    } else if (cleaned) {
      where = ", cleaned up (the id may be used again)";
    } else {
      where =
          "; the cleanup goes on"
              + (Fmt.truthy(r, "waitingFor") ? ", waiting for: " + Fmt.text(r, "waitingFor") : "");
    }
    out.add(Fmt.s(r, "id") + ": " + Fmt.s(r, "state") + where);
    JsonNode sources = Fmt.get(r, "sources");
    if (Fmt.truthy(sources)) {
      TextTable table = new TextTable("source", "kind", "change capture");
      for (JsonNode s : sources) {
        table.row(
            Fmt.s(s, "name"),
            Fmt.s(s, "kind"),
            Fmt.truthy(s, "captureRemovedAt")
                ? "removed at " + Fmt.time(Fmt.text(s, "captureRemovedAt"))
                : "not removed yet");
      }
      out.add("");
      out.addAll(table.lines(""));
    }
    JsonNode topics = Fmt.get(r, "topics");
    int count = topics == null ? 0 : topics.size();
    out.add("");
    String fate = !abandoned ? "" : cleaned ? ", deleted" : ", deleted once the cleanup is done";
    out.add("topics (" + count + fate + ")" + (count == 0 ? ": none" : ":"));
    if (topics != null) {
      topics.forEach(t -> out.add("  " + t.asText()));
    }
    List<String> left = texts(Fmt.get(r, "targetSchemasLeft"));
    List<String> all = texts(Fmt.get(r, "targetSchemas"));
    boolean drop = r.path("dropTarget").asBoolean(false);
    String schemas;
    if (!abandoned) {
      schemas = "target schemas: " + join(all);
    } else if (drop) {
      schemas =
          left.isEmpty()
              ? "target schemas dropped: " + join(all)
              : "target schemas still to drop: " + join(left);
    } else {
      schemas = "target schemas kept (no --drop-target): " + join(left.isEmpty() ? all : left);
    }
    out.add(schemas);
    return out;
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    if (array != null) {
      array.forEach(x -> out.add(x.asText()));
    }
    return out;
  }

  private static String join(List<String> names) {
    return names.isEmpty() ? "none" : String.join(", ", names);
  }
}
