package io.tributary.orchestrator.cutover;

import io.tributary.common.validation.ValidationMode;
import io.tributary.common.validation.ValidationResult;
import io.tributary.common.validation.ValidationStatus;
import java.util.ArrayList;
import java.util.List;

/**
 * The latest validation results of one mode, tallied as a rehearsal reads them: how many tables,
 * how many PENDING, and each MISMATCH or ERROR named ({@code source.table STATUS (detail)}).
 *
 * @param tables tables with a result of the mode
 * @param pending those PENDING
 * @param problems those MISMATCH or ERROR, described
 */
public record LatestValidations(int tables, int pending, List<String> problems) {
  public LatestValidations {
    problems = List.copyOf(problems);
  }

  /** Tallies the results of {@code mode} among {@code latest}. */
  public static LatestValidations of(List<ValidationResult> latest, ValidationMode mode) {
    int tables = 0;
    int pending = 0;
    List<String> problems = new ArrayList<>();
    for (ValidationResult r : latest) {
      if (r.mode() != mode) {
        continue;
      }
      tables++;
      if (r.status() == ValidationStatus.PENDING) {
        pending++;
      } else if (r.status().isProblem()) {
        problems.add(r.source() + "." + r.table() + " " + r.status() + " (" + r.detail() + ")");
      }
    }
    return new LatestValidations(tables, pending, problems);
  }

  /** {@code ", every one MATCH"}, or how many are PENDING and why they may be. */
  public String pendingText(String why) {
    return pending == 0 ? ", every one MATCH" : ", " + pending + " PENDING" + why;
  }
}
