package io.tributary.orchestrator.provision;

import io.tributary.common.plan.SourceKind;
import io.tributary.common.plan.SourceKindRegistry;
import io.tributary.orchestrator.OrchestratorConfig;
import io.tributary.source.spi.SourceKinds;
import io.tributary.source.spi.intake.IntakeContext;
import io.tributary.source.spi.intake.SourceIntake;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;

/**
 * The kind registry of plan intake: the {@link SourceIntake} of each {@link SourceKind} this
 * version reads, as the kinds' modules offer it ({@link SourceKinds}). Nothing here names a kind.
 */
@ApplicationScoped
public class SourceIntakes {
  private final SourceKindRegistry<SourceIntake> registry;

  @Inject
  public SourceIntakes(OrchestratorConfig config) {
    this(
        SourceKinds.load()
            .offering(kind -> kind.intake(new IntakeContext(config.sourceConnectTimeout()))));
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
