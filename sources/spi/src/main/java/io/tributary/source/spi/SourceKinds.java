package io.tributary.source.spi;

import io.tributary.common.plan.SourceKind;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.function.Function;

/**
 * The source kinds on the class path: one {@link SourceKindModule} per kind, found with {@link
 * ServiceLoader}. A service builds its own per-concern registry from {@link #offering}; it never
 * names a kind.
 */
public final class SourceKinds {
  private final Map<SourceKind, SourceKindModule> modules = new EnumMap<>(SourceKind.class);

  /**
   * @param modules one per kind
   * @throws IllegalStateException when two implement the same kind
   */
  public SourceKinds(List<SourceKindModule> modules) {
    for (SourceKindModule module : modules) {
      SourceKindModule before = this.modules.putIfAbsent(module.kind(), module);
      if (before != null) {
        throw new IllegalStateException(
            "two modules for "
                + module.kind().planName()
                + " sources: "
                + before.getClass().getName()
                + " and "
                + module.getClass().getName());
      }
    }
  }

  /** The kinds whose modules are on the class path of {@link SourceKindModule}. */
  public static SourceKinds load() {
    List<SourceKindModule> found = new ArrayList<>();
    ServiceLoader.load(SourceKindModule.class, SourceKindModule.class.getClassLoader())
        .forEach(found::add);
    return new SourceKinds(found);
  }

  /** The kinds found, in {@link SourceKind} order. */
  public List<SourceKind> kinds() {
    return List.copyOf(modules.keySet());
  }

  /**
   * What each kind offers for one concern, e.g. {@code offering(m -> m.intake(context))}: the kinds
   * that offer nothing for it are left out.
   */
  public <T> List<T> offering(Function<SourceKindModule, Optional<T>> concern) {
    List<T> out = new ArrayList<>();
    for (SourceKindModule module : modules.values()) {
      concern.apply(module).ifPresent(out::add);
    }
    return out;
  }
}
