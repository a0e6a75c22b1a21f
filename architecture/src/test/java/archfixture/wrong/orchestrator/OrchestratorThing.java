package archfixture.wrong.orchestrator;

import io.tributary.common.plan.SourceKind;

/** Names a source kind outside the kinds: by comparison and by switch. */
public class OrchestratorThing {
  public boolean isPostgres(SourceKind kind) {
    return kind == SourceKind.POSTGRES;
  }

  public String describe(SourceKind kind) {
    if (kind == null) {
      return "none";
    }
    switch (kind) {
      case SQLITE:
        return "a file";
      default:
        return "something else";
    }
  }
}
