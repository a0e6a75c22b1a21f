package io.tributary.cdc.capture;

import io.tributary.common.plan.SourceKind;
import io.tributary.common.plan.SourceKindRegistry;
import io.tributary.source.spi.SourceKinds;
import io.tributary.source.spi.capture.CaptureContext;
import io.tributary.source.spi.capture.SourceCapture;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The kind registry of capture: the {@link SourceCapture} of each {@link SourceKind} this version
 * captures, as the kinds' modules offer it ({@link SourceKinds}). Nothing here names a kind.
 */
@ApplicationScoped
public class SourceCaptures {
  private final SourceKindRegistry<SourceCapture> registry;

  @Inject
  public SourceCaptures(CaptureContext context) {
    this(SourceKinds.load().offering(kind -> kind.capture(context)));
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
