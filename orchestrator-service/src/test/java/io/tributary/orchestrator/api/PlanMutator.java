package io.tributary.orchestrator.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Mutates valid migration plans at random, as a careless or hostile operator might write them: a
 * value replaced by a hostile one (quotes, statements, placeholders, NUL, unicode, huge numbers,
 * paths, addresses), a field dropped, renamed, duplicated or given another shape, a list emptied or
 * repeated, and, as text, a plan cut short or with a character changed. Seeded, so a failing
 * mutation can be replayed from the seed the test prints.
 */
final class PlanMutator {
  /** Values that have broken or could break a plan's handling somewhere. */
  static final List<String> HOSTILE =
      List.of(
          "",
          " ",
          "'",
          "\"",
          "\\",
          "'; DROP TABLE tributary.migrations; --",
          "true)); SELECT pg_sleep(30); --",
          "a.b",
          "A\"b",
          "${PATH}",
          "${NO_SUCH_VARIABLE}",
          "${",
          "x\u0000y",
          "\u0000",
          "ünïcödé 表 🙂",
          "\u202eevil",
          "x".repeat(64),
          "y".repeat(5000),
          "-1",
          "0",
          "99999999999999999999999999",
          "1e309",
          "NaN",
          "-5s",
          "PT-1S",
          "999999999999999h",
          "null",
          "~",
          "../../../../etc/passwd",
          "/etc/passwd",
          "/dev/zero",
          "/proc/self/environ",
          "http://169.254.169.254/latest/meta-data/",
          "file:///etc/passwd",
          "postgresql://u:p@127.0.0.1:1/db",
          "postgresql://u:p@[::1/db",
          "jdbc:postgresql://h/db?socketFactory=java.lang.Object",
          "vector(0)",
          "vector(99999999)",
          "numeric(0,5)",
          "varchar(-1)",
          "text[][][][][]",
          "jsonb; DROP",
          "pg_catalog",
          "tributary",
          "public",
          "information_schema",
          "uuid5",
          "*",
          "%s%n%x");

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final ObjectMapper YAML =
      new ObjectMapper(new YAMLFactory().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER));
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Random random;

  PlanMutator(long seed) {
    this.random = new Random(seed);
  }

  /** A mutated plan, as YAML or as JSON text, and what was done to it. */
  record Mutant(String text, boolean json, String description) {}

  /** One mutation of {@code plan} (YAML text). */
  Mutant mutate(String plan) {
    JsonNode tree = parse(plan);
    int kind = random.nextInt(10);
    if (kind == 0) {
      return textMutation(plan);
    }
    List<String> done = new ArrayList<>();
    int rounds = 1 + (random.nextInt(4) == 0 ? random.nextInt(3) : 0);
    for (int i = 0; i < rounds; i++) {
      done.add(treeMutation(tree));
    }
    boolean json = random.nextInt(4) == 0;
    return new Mutant(write(tree, json), json, String.join("; ", done));
  }

  private Mutant textMutation(String plan) {
    int at = random.nextInt(plan.length() + 1);
    return switch (random.nextInt(4)) {
      case 0 -> new Mutant(plan.substring(0, at), false, "cut at " + at);
      case 1 -> {
        char c = "{}[]:,'\"&*!|>%@`#\t\n-?".charAt(random.nextInt(21));
        yield new Mutant(
            plan.substring(0, at) + c + plan.substring(at), false, "inserted " + c + " at " + at);
      }
      case 2 -> {
        String bomb = "bomb: &a [x, x, x, x, x, x, x, x]\n";
        for (int i = 0; i < 9; i++) {
          bomb +=
              "b"
                  + i
                  + ": &"
                  + "a"
                  + (i + 1)
                  + " ["
                  + ("*a" + (i == 0 ? "" : i) + ", ").repeat(8)
                  + "x]\n";
        }
        yield new Mutant(plan + bomb, false, "alias expansion bomb appended");
      }
      default -> new Mutant("[".repeat(5000) + "]".repeat(5000), false, "5000 nested lists");
    };
  }

  /** Mutates one node of {@code tree} in place; says what it did. */
  private String treeMutation(JsonNode tree) {
    List<Slot> slots = new ArrayList<>();
    collect(tree, "", slots);
    Slot slot = slots.get(random.nextInt(slots.size()));
    JsonNode replacement;
    String what;
    switch (random.nextInt(8)) {
      case 0, 1, 2 -> {
        String value = HOSTILE.get(random.nextInt(HOSTILE.size()));
        replacement = TextNode.valueOf(value);
        what = "hostile value " + printable(value);
      }
      case 3 -> {
        replacement = otherShape(slot.value());
        what = "shape " + replacement.getNodeType();
      }
      case 4 -> {
        if (slot.parent() instanceof ObjectNode object) {
          object.remove(slot.name());
          return slot.path() + ": removed";
        }
        replacement = NODES.nullNode();
        what = "null";
      }
      case 5 -> {
        if (slot.parent() instanceof ObjectNode object) {
          JsonNode moved = object.remove(slot.name());
          String name = HOSTILE.get(random.nextInt(HOSTILE.size()));
          object.set(name, moved);
          return slot.path() + ": renamed to " + printable(name);
        }
        replacement = NODES.numberNode(random.nextLong());
        what = "a number";
      }
      case 6 -> {
        if (slot.value() instanceof ArrayNode array && !array.isEmpty()) {
          if (random.nextBoolean()) {
            array.add(array.get(random.nextInt(array.size())).deepCopy());
            return slot.path() + ": an element repeated";
          }
          array.removeAll();
          return slot.path() + ": emptied";
        }
        replacement = NODES.numberNode(random.nextBoolean() ? -1 : Integer.MAX_VALUE);
        what = "number " + replacement;
      }
      default -> {
        if (slot.value() instanceof ObjectNode object) {
          String name = HOSTILE.get(random.nextInt(HOSTILE.size()));
          object.set(name, TextNode.valueOf("x"));
          return slot.path() + ": unknown field " + printable(name);
        }
        replacement = NODES.booleanNode(random.nextBoolean());
        what = "boolean";
      }
    }
    slot.replace(replacement);
    return slot.path() + ": " + what;
  }

  private JsonNode otherShape(JsonNode value) {
    return switch (random.nextInt(4)) {
      case 0 -> value.isArray() ? NODES.objectNode().put("x", 1) : NODES.arrayNode().add(value);
      case 1 -> NODES.objectNode();
      case 2 -> NODES.numberNode(random.nextDouble() * 1e12);
      default -> NODES.arrayNode();
    };
  }

  /** Every node below the root, with where it sits. */
  private static void collect(JsonNode node, String path, List<Slot> slots) {
    if (node instanceof ObjectNode object) {
      Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
      List<Map.Entry<String, JsonNode>> entries = new ArrayList<>();
      fields.forEachRemaining(entries::add);
      for (Map.Entry<String, JsonNode> e : entries) {
        String child = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
        slots.add(new Slot(object, e.getKey(), -1, e.getValue(), child));
        collect(e.getValue(), child, slots);
      }
    } else if (node instanceof ArrayNode array) {
      for (int i = 0; i < array.size(); i++) {
        String child = path + "[" + i + "]";
        slots.add(new Slot(array, null, i, array.get(i), child));
        collect(array.get(i), child, slots);
      }
    }
  }

  /** A node and the place in its parent where it sits. */
  private record Slot(JsonNode parent, String name, int index, JsonNode value, String path) {
    void replace(JsonNode replacement) {
      if (parent instanceof ObjectNode object) {
        object.set(name, replacement);
      } else {
        ((ArrayNode) parent).set(index, replacement);
      }
    }
  }

  static String printable(String value) {
    String shown =
        value.length() > 40 ? value.substring(0, 40) + "…(" + value.length() + ")" : value;
    return "'" + shown.replace("\u0000", "\\0") + "'";
  }

  private static JsonNode parse(String plan) {
    try {
      return YAML.readTree(plan);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("a seed plan is not valid YAML", e);
    }
  }

  private static String write(JsonNode tree, boolean json) {
    try {
      return json ? JSON.writeValueAsString(tree) : YAML.writeValueAsString(tree);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
