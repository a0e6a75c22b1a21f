package io.tributary.cdc.capture;

import io.tributary.common.plan.SourceKind;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The kind registry of capture: the {@link SourceCapture} of each {@link SourceKind} this version
 * captures, one bean per kind. A new kind is captured once its {@link SourceCapture} is a bean;
 * nothing here names a kind.
 */
@ApplicationScoped
public class SourceCaptures {
  private final Map<SourceKind, SourceCapture> byKind = new EnumMap<>(SourceKind.class);

  @Inject
  public SourceCaptures(Instance<SourceCapture> captures) {
    this(captures.stream().toList());
  }

  /**
   * @param captures one per kind
   * @throws IllegalStateException when two capture the same kind
   */
  public SourceCaptures(List<SourceCapture> captures) {
    for (SourceCapture capture : captures) {
      SourceCapture earlier = byKind.put(capture.kind(), capture);
      if (earlier != null) {
        throw new IllegalStateException(
            "two captures of "
                + capture.kind().planName()
                + " sources: "
                + earlier.getClass().getName()
                + " and "
                + capture.getClass().getName());
      }
    }
  }

  /** The capture of a kind; empty when this version cannot capture it (or the kind is unknown). */
  public Optional<SourceCapture> find(SourceKind kind) {
    return kind == null ? Optional.empty() : Optional.ofNullable(byKind.get(kind));
  }

  /**
   * The capture of a kind.
   *
   * @throws IllegalStateException when this version cannot capture it
   */
  public SourceCapture of(SourceKind kind) {
    return find(kind)
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "no capture for "
                        + (kind == null ? "unknown" : kind.planName())
                        + " sources in this version"));
  }

  /** Whether this version captures sources of the kind. */
  public boolean supports(SourceKind kind) {
    return find(kind).isPresent();
  }

  /** The kinds this version captures. */
  public Set<SourceKind> kinds() {
    return Set.copyOf(byKind.keySet());
  }
}
