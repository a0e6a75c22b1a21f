package archfixture.wrong.validator;

import archfixture.wrong.orchestrator.OrchestratorThing;

/** A service that uses another service: off its floor. */
public class ValidatorThing {
  public String state() {
    return new OrchestratorThing().describe(null);
  }
}
