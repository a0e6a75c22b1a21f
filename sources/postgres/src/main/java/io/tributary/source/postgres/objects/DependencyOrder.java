package io.tributary.source.postgres.objects;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Orders objects so that each comes after those it depends on, otherwise keeping the order they
 * were added in (a stable topological sort). Objects on a cycle (PostgreSQL records none between
 * the objects read here, but a catalog edited by hand might) keep their order after the rest.
 *
 * @param <T> the objects
 */
final class DependencyOrder<T> {
  private final Map<String, T> objects = new LinkedHashMap<>();
  private final Map<String, Set<String>> needs = new HashMap<>();

  /** Adds an object under its key ({@code class:oid}). */
  void add(String key, T object) {
    objects.put(key, object);
  }

  /** {@code key} needs {@code needed} made first; ignored unless both were added. */
  void needs(String key, String needed) {
    if (!key.equals(needed)) {
      needs.computeIfAbsent(key, k -> new LinkedHashSet<>()).add(needed);
    }
  }

  /** Whether an object was added under {@code key}. */
  boolean has(String key) {
    return objects.containsKey(key);
  }

  /** The objects in an order that makes each after what it needs. */
  List<T> ordered() {
    List<String> keys = new ArrayList<>(objects.keySet());
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < keys.size(); i++) {
      index.put(keys.get(i), i);
    }
    Map<String, Integer> waiting = new HashMap<>();
    Map<String, List<String>> dependents = new HashMap<>();
    for (String key : keys) {
      int count = 0;
      for (String needed : needs.getOrDefault(key, Set.of())) {
        if (objects.containsKey(needed)) {
          count++;
          dependents.computeIfAbsent(needed, k -> new ArrayList<>()).add(key);
        }
      }
      waiting.put(key, count);
    }
    TreeSet<Integer> ready = new TreeSet<>();
    keys.forEach(
        k -> {
          if (waiting.get(k) == 0) {
            ready.add(index.get(k));
          }
        });
    List<T> ordered = new ArrayList<>();
    Set<String> done = new LinkedHashSet<>();
    while (!ready.isEmpty()) {
      String key = keys.get(ready.pollFirst());
      ordered.add(objects.get(key));
      done.add(key);
      for (String dependent : dependents.getOrDefault(key, List.of())) {
        if (waiting.merge(dependent, -1, Integer::sum) == 0) {
          ready.add(index.get(dependent));
        }
      }
    }
    for (String key : keys) {
      if (!done.contains(key)) {
        ordered.add(objects.get(key)); // on a cycle
      }
    }
    return ordered;
  }
}
