package io.tributary.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.tributary.architecture.HouseRules.PackageEdge;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The house rules ({@link HouseRules}) on the main classes of every module, each checked as it is
 * (none is frozen: the violations once recorded in a freeze store were all fixed). Known package
 * cycles are listed edge by edge in {@code tolerated-package-cycles.txt}; an edge that no longer
 * exists must leave that list.
 */
class ArchitectureTest {

  static final String ROOT = "io.tributary";

  private static JavaClasses mainClasses;

  @BeforeAll
  static void importMainClasses() {
    mainClasses =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(location -> !location.contains("-tests.jar"))
            .importPackages(ROOT);
  }

  @Test
  void everyModuleIsImported() {
    // A rule over no classes passes whatever the code does: make sure each module's classes are
    // here.
    for (String module :
        List.of(
            "common",
            "planning",
            "auth",
            "source.sqlite",
            "source.postgres",
            "source.chroma",
            "connect",
            "cdc",
            "validator",
            "orchestrator",
            "cli",
            "tools")) {
      assertThat(
              mainClasses.stream()
                  .anyMatch(c -> c.getPackageName().startsWith(ROOT + "." + module)))
          .as("main classes of %s.%s imported", ROOT, module)
          .isTrue();
    }
  }

  @Test
  void packagesAreFreeOfCyclesButTheToleratedOnes() {
    HouseRules.noPackageCycles(ROOT, toleratedCycleEdges()).check(mainClasses);
  }

  @Test
  void everyToleratedCycleEdgeStillExists() {
    Set<String> edges = new TreeSet<>();
    for (var javaClass : mainClasses) {
      for (Dependency dependency : javaClass.getDirectDependenciesFromSelf()) {
        String from = dependency.getOriginClass().getPackageName();
        String to = dependency.getTargetClass().getPackageName();
        if (!from.equals(to) && to.startsWith(ROOT + ".")) {
          edges.add(relative(from) + " -> " + relative(to));
        }
      }
    }
    assertThat(toleratedCycleEdges())
        .allSatisfy(
            edge ->
                assertThat(edges)
                    .as(
                        "tolerated cycle edge %s no longer exists: remove it from"
                            + " tolerated-package-cycles.txt",
                        edge)
                    .contains(edge.toString()));
  }

  @Test
  void modulesKeepToTheirFloors() {
    HouseRules.floors(ROOT).check(mainClasses);
  }

  @Test
  void sourceKindsDoNotDependOnEachOther() {
    HouseRules.kindsApart(ROOT).check(mainClasses);
  }

  @Test
  void sharedContractsAndKindsArePlainJava() {
    HouseRules.plainJava(ROOT).check(mainClasses);
  }

  @Test
  void servicesReachKindsThroughTheirInterfaces() {
    HouseRules.kindsThroughInterfaces(ROOT).check(mainClasses);
  }

  @Test
  void noKindIsNamedOutsideTheKinds() {
    HouseRules.noKindComparisons(ROOT).check(mainClasses);
  }

  @Test
  void kindPackagesLiveInTheirKindsModule() {
    HouseRules.kindPackagesInKindModules(ROOT).check(mainClasses);
  }

  @Test
  void constructorsTakeAtMostTenParameters() {
    HouseRules.fewConstructorParameters(ROOT).check(mainClasses);
  }

  private static String relative(String packageName) {
    return packageName.substring(ROOT.length() + 1);
  }

  static List<PackageEdge> toleratedCycleEdges() {
    try (var in = ArchitectureTest.class.getResourceAsStream("/tolerated-package-cycles.txt")) {
      if (in == null) {
        throw new IllegalStateException(
            "tolerated-package-cycles.txt is missing from the test resources");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8)
          .lines()
          .map(String::strip)
          .filter(line -> !line.isEmpty() && !line.startsWith("#"))
          .map(PackageEdge::parse)
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
