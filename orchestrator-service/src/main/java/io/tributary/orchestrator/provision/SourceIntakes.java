package io.tributary.orchestrator.provision;

import io.tributary.common.plan.SourceKind;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The kind registry of plan intake: the {@link SourceIntake} of each {@link SourceKind} this
 * version reads, one bean per kind. Nothing here names a kind.
 */
@ApplicationScoped
public class SourceIntakes {
  private final Map<SourceKind, SourceIntake> byKind = new EnumMap<>(SourceKind.class);

  @Inject
  public SourceIntakes(Instance<SourceIntake> intakes) {
    this(intakes.stream().toList());
  }

  /**
   * @param intakes one per kind
   * @throws IllegalStateException when two read the same kind
   */
  public SourceIntakes(List<SourceIntake> intakes) {
    for (SourceIntake intake : intakes) {
      SourceIntake earlier = byKind.put(intake.kind(), intake);
      if (earlier != null) {
        throw new IllegalStateException(
            "two intakes of "
                + intake.kind().planName()
                + " sources: "
                + earlier.getClass().getName()
                + " and "
                + intake.getClass().getName());
      }
    }
  }

  /**
   * The intake of a kind.
   *
   * @throws IllegalStateException when this version cannot read it
   */
  public SourceIntake of(SourceKind kind) {
    SourceIntake intake = kind == null ? null : byKind.get(kind);
    if (intake == null) {
      throw new IllegalStateException(
          "no intake for "
              + (kind == null ? "unknown" : kind.planName())
              + " sources in this version");
    }
    return intake;
  }
}
