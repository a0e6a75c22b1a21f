package io.tributary.orchestrator.provision;

import io.tributary.common.plan.SourceKind;
import io.tributary.common.plan.SourceKindRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.List;

/**
 * The kind registry of plan intake: the {@link SourceIntake} of each {@link SourceKind} this
 * version reads, one bean per kind. Nothing here names a kind.
 */
@ApplicationScoped
public class SourceIntakes {
  private final SourceKindRegistry<SourceIntake> registry;

  @Inject
  public SourceIntakes(Instance<SourceIntake> intakes) {
    this(intakes.stream().toList());
  }

  /**
   * @param intakes one per kind
   * @throws IllegalStateException when two read the same kind
   */
  public SourceIntakes(List<SourceIntake> intakes) {
    this.registry = new SourceKindRegistry<>("intake", intakes, SourceIntake::kind);
  }

  /**
   * The intake of a kind.
   *
   * @throws IllegalStateException when this version cannot read it
   */
  public SourceIntake of(SourceKind kind) {
    return registry.of(kind);
  }
}
