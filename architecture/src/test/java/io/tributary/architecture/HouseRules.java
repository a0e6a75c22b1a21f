package io.tributary.architecture;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.AccessTarget;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaConstructor;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.CompositeArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.library.dependencies.SliceRule;
import io.tributary.common.plan.SourceKind;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The house rules of the code base (docs/architecture.md, "House rules"), each built for a root
 * package so that {@link HouseRulesSelfTest} can show every rule failing on deliberately wrong
 * fixtures, and {@link ArchitectureTest} can check them on {@code io.tributary}.
 *
 * <p>The floors: {@code common} (shared contracts) at the bottom; the source kinds ({@code
 * source.<kind>}, and their interfaces in {@code source.spi}), {@code auth}, {@code controlgate}
 * (cdc's and the validator's wait for the control schema) and {@code planning} (reading and
 * checking plans) on it; the capture host ({@code capture}: what runs a capture of any kind,
 * reaching kinds through their interfaces only) beside the kinds; {@code connect} (the Kafka
 * Connect packaging of capture) on both; the three services and the tools on top. Nothing points
 * up, and no service points at another.
 */
final class HouseRules {

  /** Most constructor parameters a class other than a record may take. */
  static final int MAX_CONSTRUCTOR_PARAMETERS = 10;

  /**
   * The Kafka Connect connector under the name deployments configure ({@code connector.class}): a
   * kind-neutral class on the capture host's task, kept at its first name in a kind-named package.
   */
  static final String COMPATIBILITY_CONNECTOR =
      "io.tributary.connect.sqlite.ConnectSqliteSourceConnector";

  private static final List<String> KINDS =
      Arrays.stream(SourceKind.values()).map(k -> k.name().toLowerCase(Locale.ROOT)).toList();

  private HouseRules() {}

  /**
   * No package depends, directly or through others, on itself. {@code tolerated} are package edges
   * ({@code from -> to}, both relative to {@code root}) that close a cycle known today; the rule
   * ignores them, and {@link ArchitectureTest} checks that each still exists, so the list only
   * shrinks.
   */
  static SliceRule noPackageCycles(String root, List<PackageEdge> tolerated) {
    SliceRule rule =
        slices()
            .matching(root + ".(**)")
            .should()
            .beFreeOfCycles()
            .as("packages of " + root + " should be free of cycles");
    for (PackageEdge edge : tolerated) {
      rule =
          rule.ignoreDependency(
              inPackage(root + "." + edge.from()), inPackage(root + "." + edge.to()));
    }
    return rule;
  }

  /**
   * The floors: {@code common} depends on no other Tributary package; {@code auth}, {@code
   * controlgate} and {@code planning} on {@code common} only; kinds on {@code common} and the
   * capture host (a kind may build on another kind: Chroma stores are SQLite files), the host on
   * {@code common} and the kinds' interfaces ({@link #kindsThroughInterfaces}); {@code connect} on
   * kinds and host; no service on another service; only the orchestrator, which accepts plans, on
   * {@code planning}.
   */
  static ArchRule floors(String root) {
    return layeredArchitecture()
        .consideringOnlyDependenciesInLayers()
        .withOptionalLayers(true)
        .layer("common")
        .definedBy(root + ".common..")
        .layer("auth")
        .definedBy(root + ".auth..")
        .layer("control-gate")
        .definedBy(root + ".controlgate..")
        .layer("planning")
        .definedBy(root + ".planning..")
        .layer("kinds")
        .definedBy(root + ".source..")
        .layer("capture")
        .definedBy(root + ".capture..")
        .layer("connect")
        .definedBy(root + ".connect..")
        .layer("cdc-service")
        .definedBy(root + ".cdc..")
        .layer("validator-service")
        .definedBy(root + ".validator..")
        .layer("orchestrator-service")
        .definedBy(root + ".orchestrator..")
        .layer("cli")
        .definedBy(root + ".cli..")
        .layer("tools")
        .definedBy(root + ".tools..")
        .whereLayer("common")
        .mayNotAccessAnyLayer()
        .whereLayer("auth")
        .mayOnlyAccessLayers("common")
        .whereLayer("control-gate")
        .mayOnlyAccessLayers("common")
        .whereLayer("planning")
        .mayOnlyAccessLayers("common")
        .whereLayer("kinds")
        .mayOnlyAccessLayers("common", "capture")
        .whereLayer("capture")
        .mayOnlyAccessLayers("common", "kinds")
        .whereLayer("connect")
        .mayOnlyAccessLayers("common", "kinds", "capture")
        .whereLayer("cdc-service")
        .mayOnlyAccessLayers("common", "auth", "control-gate", "kinds", "capture", "connect")
        .whereLayer("validator-service")
        .mayOnlyAccessLayers("common", "auth", "control-gate", "kinds")
        .whereLayer("orchestrator-service")
        .mayOnlyAccessLayers("common", "auth", "planning", "kinds")
        .whereLayer("cli")
        .mayNotAccessAnyLayer()
        .whereLayer("tools")
        .mayOnlyAccessLayers("common", "kinds")
        .as("modules of " + root + " should keep to their floors");
  }

  /** A kind never depends on another kind, except Chroma on SQLite (its store is a SQLite file). */
  static ArchRule kindsApart(String root) {
    List<ArchRule> rules =
        KINDS.stream()
            .map(
                kind -> {
                  String[] others =
                      KINDS.stream()
                          .filter(
                              k ->
                                  !k.equals(kind) && !(kind.equals("chroma") && k.equals("sqlite")))
                          .map(k -> root + ".source." + k + "..")
                          .toArray(String[]::new);
                  return (ArchRule)
                      noClasses()
                          .that()
                          .resideInAPackage(root + ".source." + kind + "..")
                          .should()
                          .dependOnClassesThat()
                          .resideInAnyPackage(others)
                          .allowEmptyShould(true);
                })
            .toList();
    return CompositeArchRule.of(rules)
        .as("source kinds of " + root + " should not depend on each other");
  }

  /**
   * Shared contracts, plan reading and source kinds are plain Java: no CDI, no Quarkus, no SmallRye
   * (libraries such as the Vert.x SQL client are fine), so that a kind runs alike in a service and
   * in a Kafka Connect worker.
   */
  static ArchRule plainJava(String root) {
    return noClasses()
        .that()
        .resideInAnyPackage(
            root + ".common..", root + ".planning..", root + ".source..", root + ".capture..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "jakarta.enterprise..", "jakarta.inject..", "io.quarkus..", "io.smallrye..")
        .allowEmptyShould(true)
        .as(
            "shared contracts, plan reading, source kinds and the capture host of "
                + root
                + " should be plain Java");
  }

  /**
   * Services reach a source kind through the kind interfaces and the registry, never its classes.
   */
  static ArchRule kindsThroughInterfaces(String root) {
    return noClasses()
        .that()
        .resideInAnyPackage(
            root + ".cdc..",
            root + ".validator..",
            root + ".orchestrator..",
            root + ".connect..",
            root + ".capture..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            KINDS.stream().map(k -> root + ".source." + k + "..").toArray(String[]::new))
        .allowEmptyShould(true)
        .as("services of " + root + " should reach source kinds through their interfaces only");
  }

  /**
   * Outside the kinds and the plan model, no code names a source kind: no {@link SourceKind}
   * constant is read and no switch is made on one (an enum switch reads {@code ordinal()}).
   */
  static ArchRule noKindComparisons(String root) {
    DescribedPredicate<AccessTarget> kindConstantOrOrdinal =
        DescribedPredicate.describe(
            "a SourceKind constant or SourceKind.ordinal()",
            target ->
                target.getOwner().isEquivalentTo(SourceKind.class)
                    && (KINDS.contains(target.getName().toLowerCase(Locale.ROOT))
                            && target.getName().equals(target.getName().toUpperCase(Locale.ROOT))
                        || target.getName().equals("ordinal")));
    return noClasses()
        .that()
        .resideInAPackage(root + "..")
        .and()
        .resideOutsideOfPackages(root + ".source..", root + ".common.plan..")
        .should()
        .accessTargetWhere(JavaAccess.Predicates.target(kindConstantOrOrdinal))
        .allowEmptyShould(true)
        .as("code of " + root + " outside the source kinds should not name a source kind");
  }

  /** A package named for a kind lives in that kind's module. */
  static ArchRule kindPackagesInKindModules(String root) {
    List<ArchRule> rules =
        KINDS.stream()
            .map(
                kind ->
                    (ArchRule)
                        classes()
                            .that()
                            .resideInAPackage(root + ".." + kind + "..")
                            .and()
                            .doNotHaveFullyQualifiedName(COMPATIBILITY_CONNECTOR)
                            .should()
                            .resideInAPackage(root + ".source." + kind + "..")
                            .allowEmptyShould(true))
            .toList();
    return CompositeArchRule.of(rules)
        .as("packages of " + root + " named for a kind should live in its module");
  }

  /**
   * No class other than a record takes more than {@value #MAX_CONSTRUCTOR_PARAMETERS} parameters.
   */
  static ArchRule fewConstructorParameters(String root) {
    return classes()
        .that()
        .resideInAPackage(root + "..")
        .and(DescribedPredicate.describe("are not records", (JavaClass c) -> !c.isRecord()))
        .should(
            new ArchCondition<JavaClass>(
                "have constructors of at most " + MAX_CONSTRUCTOR_PARAMETERS + " parameters") {
              @Override
              public void check(JavaClass javaClass, ConditionEvents events) {
                for (JavaConstructor constructor : javaClass.getConstructors()) {
                  int count = constructor.getRawParameterTypes().size();
                  if (count > MAX_CONSTRUCTOR_PARAMETERS) {
                    events.add(
                        SimpleConditionEvent.violated(
                            constructor,
                            javaClass.getName()
                                + " has a constructor of "
                                + count
                                + " parameters (at most "
                                + MAX_CONSTRUCTOR_PARAMETERS
                                + ")"));
                  }
                }
              }
            })
        .allowEmptyShould(true)
        .as(
            "classes of "
                + root
                + " other than records should take at most "
                + MAX_CONSTRUCTOR_PARAMETERS
                + " constructor parameters");
  }

  private static DescribedPredicate<JavaClass> inPackage(String packageName) {
    return resideInAPackage(packageName);
  }

  /** A package dependency {@code from -> to}, both relative to the root package. */
  record PackageEdge(String from, String to) {
    static PackageEdge parse(String line) {
      String[] parts = line.split("->");
      if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
        throw new IllegalArgumentException(
            "a tolerated package edge is 'from.package -> to.package', not '" + line + "'");
      }
      return new PackageEdge(parts[0].trim(), parts[1].trim());
    }

    @Override
    public String toString() {
      return from + " -> " + to;
    }
  }
}
