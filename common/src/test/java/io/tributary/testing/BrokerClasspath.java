package io.tributary.testing;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The classpath of the child-process Kafka broker: the jars listed in the classpath resource
 * {@value #RESOURCE} (written by the build of the common module, {@code
 * dependency:build-classpath}) plus the location of this package's classes, which holds {@link
 * KafkaBrokerMain}.
 */
public final class BrokerClasspath {

  /** The classpath resource listing the broker jars. */
  public static final String RESOURCE = "io/tributary/testing/kafka-broker.classpath";

  /** The main class of the child broker (named, not referenced: the Kafka jars are not ours). */
  static final String BROKER_MAIN_CLASS = "io.tributary.testing.KafkaBrokerMain";

  private static final Pattern KAFKA_CORE_JAR = Pattern.compile("kafka_2\\.1[0-9]-.*\\.jar");

  private BrokerClasspath() {}

  /**
   * The entries of a classpath text: separated by the platform path separator or line breaks,
   * blanks ignored.
   */
  public static List<Path> parse(String text) {
    return Arrays.stream(text.split(Pattern.quote(File.pathSeparator) + "|\\R"))
        .map(String::trim)
        .filter(entry -> !entry.isEmpty())
        .map(Path::of)
        .collect(Collectors.toList());
  }

  /**
   * The full broker classpath.
   *
   * @throws IllegalStateException if the resource is missing or names no Kafka broker jar that
   *     exists
   */
  public static List<Path> load() {
    ClassLoader loader = BrokerClasspath.class.getClassLoader();
    List<Path> entries;
    try (InputStream in = loader.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(
            "Classpath resource "
                + RESOURCE
                + " is missing: build the common module (mvn -pl common test-compile)");
      }
      entries = new ArrayList<>(parse(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + RESOURCE, e);
    }
    requireKafkaJar(entries);
    entries.add(0, ownLocation());
    return entries;
  }

  /** Joins entries with the platform path separator. */
  public static String join(List<Path> entries) {
    return entries.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator));
  }

  static void requireKafkaJar(List<Path> entries) {
    boolean found =
        entries.stream()
            .anyMatch(
                entry ->
                    KAFKA_CORE_JAR.matcher(entry.getFileName().toString()).matches()
                        && Files.isRegularFile(entry));
    if (!found) {
      throw new IllegalStateException(
          RESOURCE + " names no existing kafka_2.13 jar; rebuild the common module: " + entries);
    }
  }

  /** The directory or jar this package was loaded from (target/test-classes or the test-jar). */
  static Path ownLocation() {
    CodeSource source = BrokerClasspath.class.getProtectionDomain().getCodeSource();
    if (source != null
        && source.getLocation() != null
        && "file".equals(source.getLocation().getProtocol())) {
      return toPath(source.getLocation());
    }
    String classFile = BROKER_MAIN_CLASS.replace('.', '/') + ".class";
    URL url = BrokerClasspath.class.getClassLoader().getResource(classFile);
    if (url == null) {
      throw new IllegalStateException("Cannot find " + classFile + " on the classpath");
    }
    return locationOf(url.toString(), classFile);
  }

  /**
   * The classpath entry that holds a resource, from the resource's URL: {@code
   * jar:file:/x.jar!/a/B.class} gives {@code /x.jar}, {@code file:/dir/a/B.class} gives {@code
   * /dir}.
   */
  static Path locationOf(String resourceUrl, String resourceName) {
    String url = resourceUrl;
    if (url.startsWith("jar:")) {
      url = url.substring("jar:".length(), url.indexOf("!/"));
    } else if (url.endsWith(resourceName)) {
      url = url.substring(0, url.length() - resourceName.length());
    }
    try {
      return toPath(new URL(url));
    } catch (MalformedURLException e) {
      throw new IllegalStateException("Unexpected location " + resourceUrl, e);
    }
  }

  private static Path toPath(URL url) {
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException | IllegalArgumentException e) {
      throw new IllegalStateException("Not a local file: " + url, e);
    }
  }
}
