package io.tributary.common.plan;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The implementations of one concern (capture, intake, freeze, verification), one per {@link
 * SourceKind}, each naming its kind: the one place a service chooses by kind. A new kind is served
 * once its implementation is registered; nothing here names a kind. Plain Java: a service hands it
 * its beans.
 *
 * @param <T> the concern's interface
 */
public final class SourceKindRegistry<T> {
  private final String concern;
  private final Map<SourceKind, T> byKind = new EnumMap<>(SourceKind.class);

  /**
   * @param concern what the implementations do, for messages ({@code capture}, {@code intake})
   * @param implementations one per kind
   * @param kindOf the kind an implementation serves
   * @throws IllegalStateException when two serve the same kind
   */
  public SourceKindRegistry(
      String concern, Iterable<? extends T> implementations, Function<T, SourceKind> kindOf) {
    this.concern = concern;
    for (T implementation : implementations) {
      SourceKind kind = kindOf.apply(implementation);
      T earlier = byKind.put(kind, implementation);
      if (earlier != null) {
        throw new IllegalStateException(
            "two "
                + concern
                + " implementations of "
                + kind.planName()
                + " sources: "
                + earlier.getClass().getName()
                + " and "
                + implementation.getClass().getName());
      }
    }
  }

  /** The implementation of a kind; empty when this version has none (or the kind is null). */
  public Optional<T> find(SourceKind kind) {
    return kind == null ? Optional.empty() : Optional.ofNullable(byKind.get(kind));
  }

  /**
   * The implementation of a kind.
   *
   * @throws IllegalStateException naming the kind when this version has none
   */
  public T of(SourceKind kind) {
    return find(kind).orElseThrow(() -> new IllegalStateException(unsupported(kind)));
  }

  /** "no capture for mysql sources in this version". */
  public String unsupported(SourceKind kind) {
    return "no "
        + concern
        + " for "
        + (kind == null ? "unknown" : kind.planName())
        + " sources in this version";
  }

  /** The kinds served. */
  public Set<SourceKind> kinds() {
    return Set.copyOf(byKind.keySet());
  }
}
