package io.tributary.cdc.capture;

import io.tributary.common.plan.SourceKind;
import io.tributary.common.plan.SourceKindRegistry;
import io.tributary.source.spi.SourceKinds;
import io.tributary.source.spi.capture.CaptureContext;
import io.tributary.source.spi.capture.SourceCapture;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The kind registry of capture: the {@link SourceCapture} of each {@link SourceKind} this version
 * captures, as the kinds' modules offer it ({@link SourceKinds}) or, while a kind's capture still
 * lives in this service, as a bean. Nothing here names a kind.
 */
@ApplicationScoped
public class SourceCaptures {
  private final SourceKindRegistry<SourceCapture> registry;

  @Inject
  public SourceCaptures(Instance<SourceCapture> beans, CaptureContext context) {
    this(
        Stream.concat(
                beans.stream(), SourceKinds.load().offering(kind -> kind.capture(context)).stream())
            .toList());
  }

  /**
   * @param captures one per kind
   * @throws IllegalStateException when two capture the same kind
   */
  public SourceCaptures(List<SourceCapture> captures) {
    this.registry = new SourceKindRegistry<>("capture", captures, SourceCapture::kind);
  }

  /** The capture of a kind; empty when this version cannot capture it (or the kind is unknown). */
  public Optional<SourceCapture> find(SourceKind kind) {
    return registry.find(kind);
  }

  /**
   * The capture of a kind.
   *
   * @throws IllegalStateException when this version cannot capture it
   */
  public SourceCapture of(SourceKind kind) {
    return registry.of(kind);
  }

  /** Whether this version captures sources of the kind. */
  public boolean supports(SourceKind kind) {
    return find(kind).isPresent();
  }

  /** The kinds this version captures. */
  public Set<SourceKind> kinds() {
    return registry.kinds();
  }
}
