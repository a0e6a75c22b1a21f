package io.tributary.validator.source;

import io.tributary.common.plan.SourceKind;
import io.tributary.common.plan.SourceKindRegistry;
import io.tributary.source.spi.SourceKinds;
import io.tributary.source.spi.validate.PgTableReads;
import io.tributary.source.spi.validate.ValidationContext;
import io.tributary.source.spi.validate.ValidationSource;
import io.tributary.validator.ValidatorConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;

/**
 * The kind registry of validation: the {@link ValidationSource} of each {@link SourceKind} this
 * version validates, as the kinds' modules offer it ({@link SourceKinds}), each naming its {@link
 * ValidationSource#kind kind}. A new kind is validated once its module offers a validation source;
 * nothing here names a kind.
 */
@ApplicationScoped
public class ValidationSources {
  private final SourceKindRegistry<ValidationSource> registry;

  @Inject
  public ValidationSources(PgTableReads pgTables, ValidatorConfig config) {
    this(
        SourceKinds.load()
            .offering(
                kind ->
                    kind.validation(
                        new ValidationContext(pgTables, config.checksumWalLag().asLongValue()))));
  }

  /**
   * @param sources one per kind
   * @throws IllegalStateException when two read the same kind
   */
  public ValidationSources(List<ValidationSource> sources) {
    this.registry = new SourceKindRegistry<>("validation", sources, ValidationSource::kind);
  }

  /** The validation source of a kind; empty when this version does not validate it (or null). */
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
