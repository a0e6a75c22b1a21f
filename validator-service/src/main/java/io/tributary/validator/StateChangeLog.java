package io.tributary.validator;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Remembers the last reported state of each thing (a table, the control schema, Kafka), so that a
 * condition is logged once when it starts or changes, not on every run.
 */
@ApplicationScoped
public class StateChangeLog {
  private final ConcurrentMap<String, String> states = new ConcurrentHashMap<>();

  /** Records the thing's state; true when it differs from the one recorded before. */
  public boolean changed(String thing, String state) {
    return !Objects.equals(states.put(thing, state), state);
  }

  /** Forgets the thing; true when it had a state (so its recovery is worth logging). */
  public boolean clear(String thing) {
    return states.remove(thing) != null;
  }
}
