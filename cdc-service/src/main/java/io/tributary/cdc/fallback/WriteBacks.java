package io.tributary.cdc.fallback;

import io.tributary.cdc.CaptureConfig;
import io.tributary.common.plan.SourceKind;
import io.tributary.common.plan.SourceKindRegistry;
import io.tributary.source.spi.SourceKinds;
import io.tributary.source.spi.writeback.WriteBackContext;
import io.tributary.source.spi.writeback.WriteBackKind;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;

/**
 * The kind registry of the fallback window: the {@link WriteBackKind} of each {@link SourceKind}
 * whose sources the target's changes can be written back into, as the kinds' modules offer it
 * ({@link SourceKinds}). A source of a kind without one has every change of the window recorded as
 * a reverse reject.
 */
@ApplicationScoped
public class WriteBacks {
  private final SourceKindRegistry<WriteBackKind> registry;

  @Inject
  public WriteBacks(CaptureConfig config) {
    this(
        SourceKinds.load()
            .offering(kind -> kind.writeBack(new WriteBackContext(config.sqliteBusyTimeout()))));
  }

  public WriteBacks(List<WriteBackKind> kinds) {
    this.registry = new SourceKindRegistry<>("write-back", kinds, WriteBackKind::kind);
  }

  /** The write-back of a kind; empty when this version cannot write back into it. */
  public Optional<WriteBackKind> find(SourceKind kind) {
    return registry.find(kind);
  }
}
