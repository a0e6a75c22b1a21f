package io.tributary.orchestrator.fallback;

import io.tributary.common.plan.CutoverStep;
import io.tributary.orchestrator.OrchestratorConfig;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The sources' change capture installed again while they are frozen: asked of cdc-service ({@link
 * CaptureResumeRequests}) and awaited, bounded by the plan's switch timeout.
 */
@ApplicationScoped
class ResumeCaptureStep extends FallbackStep {
  private final CaptureResumeRequests resumes;
  private final OrchestratorConfig config;

  ResumeCaptureStep(CaptureResumeRequests resumes, OrchestratorConfig config) {
    this.resumes = resumes;
    this.config = config;
  }

  @Override
  public String name() {
    return "resume-capture";
  }

  @Override
  String act(FallbackRun run) {
    run.resumeRequested(true);
    resumes.request(run.migration(), config.databaseTimeout());
    resumes.await(run.migration(), run.plan().timeout(CutoverStep.SWITCH));
    return "change capture installed again in " + run.sources().size() + " sources";
  }
}
