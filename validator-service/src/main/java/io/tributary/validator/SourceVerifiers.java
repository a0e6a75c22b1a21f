package io.tributary.validator;

import io.tributary.common.plan.SourceKind;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The kind registry of validation: the {@link SourceVerifier} of each {@link SourceKind} this
 * version validates, one bean per kind, each naming its {@link SourceVerifier#kind kind}. A new
 * kind is validated once its verifier is a bean; nothing here names a kind.
 */
@ApplicationScoped
public class SourceVerifiers {
  private final Map<SourceKind, SourceVerifier> byKind = new EnumMap<>(SourceKind.class);

  @Inject
  public SourceVerifiers(Instance<SourceVerifier> verifiers) {
    this(verifiers.stream().toList());
  }

  /**
   * @param verifiers one per kind
   * @throws IllegalStateException when two verify the same kind
   */
  public SourceVerifiers(List<SourceVerifier> verifiers) {
    for (SourceVerifier verifier : verifiers) {
      SourceVerifier earlier = byKind.put(verifier.kind(), verifier);
      if (earlier != null) {
        throw new IllegalStateException(
            "two verifiers of "
                + verifier.kind().planName()
                + " sources: "
                + earlier.getClass().getName()
                + " and "
                + verifier.getClass().getName());
      }
    }
  }

  /** The verifier of a source kind; empty when this version does not validate it (or null). */
  public Optional<SourceVerifier> of(SourceKind kind) {
    return kind == null ? Optional.empty() : Optional.ofNullable(byKind.get(kind));
  }

  /** Why a table of this kind is not validated, in an operator's words. */
  public static String unsupported(SourceKind kind) {
    return "validating "
        + (kind == null ? null : kind.planName())
        + " sources is not supported by this version yet";
  }
}
