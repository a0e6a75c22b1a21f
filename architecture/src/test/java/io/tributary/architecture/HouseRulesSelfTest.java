package io.tributary.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import io.tributary.architecture.HouseRules.PackageEdge;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every house rule fails on a deliberately wrong import (fixtures under {@code archfixture.wrong})
 * and holds on fixtures that keep the rules ({@code archfixture.clean}): a rule that could not fail
 * would prove nothing in {@link ArchitectureTest}.
 */
class HouseRulesSelfTest {

  private static final String WRONG = "archfixture.wrong";
  private static final String CLEAN = "archfixture.clean";

  private static final JavaClasses WRONG_CLASSES = new ClassFileImporter().importPackages(WRONG);
  private static final JavaClasses CLEAN_CLASSES = new ClassFileImporter().importPackages(CLEAN);

  @Test
  void aPackageCycleFails() {
    assertViolation(HouseRules.noPackageCycles(WRONG, List.of()), "cycle.a", "cycle.b");
  }

  @Test
  void aToleratedEdgeBreaksTheCycle() {
    assertThat(
            HouseRules.noPackageCycles(WRONG, List.of(new PackageEdge("cycle.b", "cycle.a")))
                .evaluate(WRONG_CLASSES)
                .hasViolation())
        .isFalse();
  }

  @Test
  void aServiceOnAnotherServiceFails() {
    assertViolation(HouseRules.floors(WRONG), "ValidatorThing", "OrchestratorThing");
  }

  @Test
  void aKindOnAnotherKindFails() {
    assertViolation(HouseRules.kindsApart(WRONG), "PostgresThing", "SqliteThing");
  }

  @Test
  void cdiInAKindFails() {
    assertViolation(HouseRules.plainJava(WRONG), "PostgresThing", "jakarta.inject.Inject");
  }

  @Test
  void aServiceUsingAKindsClassFails() {
    assertViolation(HouseRules.kindsThroughInterfaces(WRONG), "CdcThing", "SqliteThing");
  }

  @Test
  void namingAKindOutsideTheKindsFails() {
    EvaluationResult result = HouseRules.noKindComparisons(WRONG).evaluate(WRONG_CLASSES);
    assertThat(result.hasViolation()).isTrue();
    String report = result.getFailureReport().toString();
    assertThat(report).contains("isPostgres").contains("SourceKind.POSTGRES");
    assertThat(report).contains("ordinal()"); // the switch
  }

  @Test
  void kindCodeInAServicePackageFails() {
    assertViolation(HouseRules.kindPackagesInKindModules(WRONG), "MisplacedSqliteCapture");
  }

  @Test
  void aConstructorOfElevenParametersFails() {
    assertViolation(HouseRules.fewConstructorParameters(WRONG), "WideConstructor", "11 parameters");
  }

  @Test
  void cleanFixturesKeepEveryRule() {
    for (ArchRule rule :
        List.of(
            HouseRules.noPackageCycles(CLEAN, List.of()),
            HouseRules.floors(CLEAN),
            HouseRules.kindsApart(CLEAN),
            HouseRules.plainJava(CLEAN),
            HouseRules.kindsThroughInterfaces(CLEAN),
            HouseRules.noKindComparisons(CLEAN),
            HouseRules.kindPackagesInKindModules(CLEAN),
            HouseRules.fewConstructorParameters(CLEAN))) {
      EvaluationResult result = rule.evaluate(CLEAN_CLASSES);
      assertThat(result.hasViolation()).as(result.getFailureReport().toString()).isFalse();
    }
  }

  private static void assertViolation(ArchRule rule, String... named) {
    EvaluationResult result = rule.evaluate(WRONG_CLASSES);
    assertThat(result.hasViolation())
        .as("%s fails on the wrong fixtures", rule.getDescription())
        .isTrue();
    assertThat(result.getFailureReport().toString()).contains(named);
  }
}
