package io.tributary.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scratch directories of the local test servers, under the directory named by the system
 * property {@code tributary.test.work} (set by surefire and failsafe; {@code target/tributary-test}
 * otherwise).
 *
 * <p>Every directory is named {@code <prefix><owner pid>-<random>}, so that directories left behind
 * by a test JVM that was killed can be recognised and removed by the next one.
 */
public final class WorkDirectories {

  /** System property naming the root of the scratch directories. */
  public static final String PROPERTY = "tributary.test.work";

  private static final Logger LOG = LoggerFactory.getLogger(WorkDirectories.class);
  private static final Pattern OWNED_NAME = Pattern.compile("[a-z]+-(\\d+)-[0-9a-z]+");

  private WorkDirectories() {}

  /** The root of all scratch directories, created if needed. */
  public static Path root() {
    Path root = Path.of(System.getProperty(PROPERTY, "target/tributary-test")).toAbsolutePath();
    try {
      return Files.createDirectories(root).normalize();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create the test work directory " + root, e);
    }
  }

  /**
   * Creates a new, empty directory {@code <root>/<prefix><pid>-<random>}, after removing the
   * directories of test JVMs that no longer run.
   *
   * @param prefix a short lowercase prefix ending in {@code -}, such as {@code pg-}
   */
  public static Path createUnique(String prefix) {
    Path root = root();
    removeAbandoned(root);
    long pid = ProcessHandle.current().pid();
    for (int attempt = 0; ; attempt++) {
      String random = Integer.toString(ThreadLocalRandom.current().nextInt(36 * 36 * 36), 36);
      Path dir = root.resolve(prefix + pid + "-" + random);
      try {
        return Files.createDirectory(dir);
      } catch (FileAlreadyExistsException e) {
        if (attempt > 100) {
          throw new UncheckedIOException("Cannot find a free directory name in " + root, e);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot create " + dir, e);
      }
    }
  }

  /** Deletes a directory tree; failures are logged, not thrown. */
  public static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(WorkDirectories::deleteQuietly);
    } catch (IOException | UncheckedIOException e) {
      LOG.warn("Could not delete {}: {}", dir, e.toString());
    }
  }

  private static void deleteQuietly(Path path) {
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void removeAbandoned(Path root) {
    try (Stream<Path> children = Files.list(root)) {
      children.filter(WorkDirectories::isAbandoned).forEach(WorkDirectories::deleteRecursively);
    } catch (IOException e) {
      LOG.debug("Could not list {}: {}", root, e.toString());
    }
  }

  private static boolean isAbandoned(Path dir) {
    Matcher matcher = OWNED_NAME.matcher(dir.getFileName().toString());
    if (!matcher.matches() || !Files.isDirectory(dir)) {
      return false;
    }
    long owner = Long.parseLong(matcher.group(1));
    return ProcessHandle.of(owner).map(handle -> !handle.isAlive()).orElse(true);
  }
}
