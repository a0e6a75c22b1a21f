package io.tributary.validator.source;

import io.tributary.common.plan.SourceKind;
import io.tributary.common.plan.SourceKindRegistry;
import io.tributary.source.spi.validate.ValidationSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;

/**
 * The kind registry of validation: the {@link ValidationSource} of each {@link SourceKind} this
 * version validates, one bean per kind, each naming its {@link ValidationSource#kind kind}. A new
 * kind is validated once its reader is a bean; nothing here names a kind.
 */
@ApplicationScoped
public class SourceReaders {
  private final SourceKindRegistry<ValidationSource> registry;

  @Inject
  public SourceReaders(Instance<ValidationSource> readers) {
    this(readers.stream().toList());
  }

  /**
   * @param readers one per kind
   * @throws IllegalStateException when two read the same kind
   */
  public SourceReaders(List<ValidationSource> readers) {
    this.registry = new SourceKindRegistry<>("validation", readers, ValidationSource::kind);
  }

  /** The reader of a source kind; empty when this version does not validate it (or null). */
  public Optional<ValidationSource> of(SourceKind kind) {
    return registry.find(kind);
  }

  /** Why a table of this kind is not validated, in an operator's words. */
  public static String unsupported(SourceKind kind) {
    return "validating "
        + (kind == null ? null : kind.planName())
        + " sources is not supported by this version yet";
  }
}
