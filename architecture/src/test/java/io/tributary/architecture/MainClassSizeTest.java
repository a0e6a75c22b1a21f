package io.tributary.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No main class over {@value #MAX_LINES} lines (physical lines of its source file, comments
 * included). The classes over it today are listed in {@code class-size-allowances.txt} with the
 * most lines each may have; the list only shrinks.
 */
class MainClassSizeTest {

  static final int MAX_LINES = 450;

  @Test
  void noMainClassPassesItsLimit() throws IOException {
    Map<String, Integer> allowances = allowances();
    Map<String, Integer> sizes = mainSourceSizes(root());
    assertThat(sizes).as("main sources found under %s", root()).hasSizeGreaterThan(500);

    Map<String, String> problems = new TreeMap<>();
    sizes.forEach(
        (path, lines) -> {
          Integer allowed = allowances.get(path);
          if (allowed == null && lines > MAX_LINES) {
            problems.put(path, lines + " lines, more than " + MAX_LINES + ": split it");
          } else if (allowed != null && lines > allowed) {
            problems.put(
                path,
                lines + " lines, more than the " + allowed + " it is allowed: it only shrinks");
          }
        });
    allowances.forEach(
        (path, allowed) -> {
          Integer lines = sizes.get(path);
          if (lines == null || lines <= MAX_LINES) {
            problems.put(
                path,
                (lines == null ? "gone" : lines + " lines")
                    + ": remove it from class-size-allowances.txt");
          }
        });
    assertThat(problems).as("main classes and their sizes").isEmpty();
  }

  private static Map<String, Integer> mainSourceSizes(Path root) throws IOException {
    Map<String, Integer> sizes = new TreeMap<>();
    try (Stream<Path> files = Files.walk(root)) {
      List<Path> sources =
          files
              .filter(p -> p.toString().endsWith(".java"))
              .filter(
                  p -> root.relativize(p).toString().replace('\\', '/').contains("/src/main/java/"))
              .filter(p -> !isOutsideTheBuild(root.relativize(p)))
              .toList();
      for (Path source : sources) {
        sizes.put(
            root.relativize(source).toString().replace('\\', '/'),
            (int) Files.readAllLines(source, StandardCharsets.UTF_8).size());
      }
    }
    return sizes;
  }

  /** Build output, installed runtimes and npm packages are not the project's sources. */
  private static boolean isOutsideTheBuild(Path relative) {
    for (Path part : relative) {
      String name = part.toString();
      if (name.equals("target") || name.equals("node_modules") || name.startsWith(".")) {
        return true;
      }
    }
    return false;
  }

  private static Map<String, Integer> allowances() throws IOException {
    Map<String, Integer> allowances = new LinkedHashMap<>();
    try (var in = MainClassSizeTest.class.getResourceAsStream("/class-size-allowances.txt")) {
      if (in == null) {
        throw new IllegalStateException(
            "class-size-allowances.txt is missing from the test resources");
      }
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList()) {
        String entry = line.strip();
        if (entry.isEmpty() || entry.startsWith("#")) {
          continue;
        }
        String[] parts = entry.split("\\s+");
        if (parts.length != 2 || !parts[1].matches("\\d+")) {
          throw new IllegalArgumentException(
              "class-size-allowances.txt: '<path> <lines>' expected, not '" + entry + "'");
        }
        allowances.put(parts[0], Integer.parseInt(parts[1]));
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    return allowances;
  }

  private static Path root() {
    return Path.of(System.getProperty("tributary.root", "..")).toAbsolutePath().normalize();
  }
}
