package io.tributary.images;

import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainer;
import com.google.cloud.tools.jib.api.LogEvent;
import com.google.cloud.tools.jib.api.TarImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.Port;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Builds the OCI images of the three services as docker-save tarballs with jib-core, without a
 * container registry or a Docker daemon: the base is the docker-save tarball of {@code
 * deploy/images/build-base.sh} (Debian bookworm, headless JRE 17, user 185), the services' Quarkus
 * fast-jar layout goes under {@code /deployments} in three layers, from the one that changes least
 * to the one that changes most.
 *
 * <p>Run by the {@code images} module in the {@code package} phase (mvn -B package -Pimages);
 * arguments {@code --root=} (the multi-module root), {@code --version=}, {@code --output=}, and
 * optionally {@code --base=} (a docker-save tarball instead of build-base.sh's), {@code --source=}
 * (the org.opencontainers.image.source label), {@code --jib-cache=}.
 */
public final class ServiceImages {

  /** One service: its module directory (and image name) and its HTTP port. */
  record Service(String name, int port) {}

  static final List<Service> SERVICES =
      List.of(
          new Service("orchestrator-service", 18080),
          new Service("cdc-service", 18081),
          new Service("validator-service", 18082));

  static final String DEPLOYMENTS = "/deployments";

  static final List<String> ENTRYPOINT =
      List.of(
          "java",
          "-XX:MaxRAMPercentage=75",
          "-XX:+ExitOnOutOfMemoryError",
          "-jar",
          DEPLOYMENTS + "/quarkus-run.jar");

  /** The project's own jars in lib/main change with every commit: they go with app/. */
  static final String OWN_JAR_PREFIX = "io.tributary.";

  private ServiceImages() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> options = parse(args);
    Path root = Paths.get(required(options, "root")).toAbsolutePath().normalize();
    String version = required(options, "version");
    Path output = Paths.get(required(options, "output")).toAbsolutePath();
    String baseOption = options.getOrDefault("base", "");
    Path base = baseOption.isBlank() ? buildBase(root) : Paths.get(baseOption).toAbsolutePath();
    if (!Files.isRegularFile(base)) {
      throw new IllegalStateException("no base image tarball at " + base);
    }
    String source = options.getOrDefault("source", "");
    if (source.isBlank()) {
      source = git(root, "config", "--get", "remote.origin.url");
    }
    String revision = git(root, "rev-parse", "HEAD");
    String jibCache = options.getOrDefault("jib-cache", "");

    Files.createDirectories(output);
    for (Service service : SERVICES) {
      Path app = root.resolve(service.name()).resolve("target/quarkus-app");
      Path tarball = output.resolve(service.name() + ".tar");
      String reference = "tributary/" + service.name() + ":" + version;
      long started = System.nanoTime();
      JibContainer container =
          build(service, app, base, reference, version, source, revision, tarball, jibCache);
      System.out.printf(
          "[images] %s -> %s (%d MB, %s, %.1f s)%n",
          reference,
          tarball,
          Files.size(tarball) >> 20,
          container.getImageId(),
          (System.nanoTime() - started) / 1e9);
    }
  }

  static JibContainer build(
      Service service,
      Path app,
      Path base,
      String reference,
      String version,
      String source,
      String revision,
      Path tarball,
      String jibCache)
      throws Exception {
    if (!Files.isRegularFile(app.resolve("quarkus-run.jar"))) {
      throw new IllegalStateException(
          "no Quarkus fast-jar at "
              + app
              + ": build the service first (mvn -B package -Pimages from the root builds all)");
    }
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("org.opencontainers.image.title", "tributary-" + service.name());
    labels.put(
        "org.opencontainers.image.description",
        "Tributary "
            + service.name()
            + ": Quarkus fast-jar on Debian bookworm with the headless JRE 17"
            + " (io.tributary.base.*: the base's stamp and packages)");
    labels.put("org.opencontainers.image.version", version);
    if (!source.isBlank()) {
      labels.put("org.opencontainers.image.source", source);
    }
    if (!revision.isBlank()) {
      labels.put("org.opencontainers.image.revision", revision);
    }
    labels.put("org.opencontainers.image.vendor", "Tributary");

    Containerizer containerizer =
        Containerizer.to(TarImage.at(tarball).named(ImageReference.parse(reference)))
            .setToolName("tributary-images")
            .setOfflineMode(true)
            .addEventHandler(LogEvent.class, ServiceImages::log);
    if (!jibCache.isBlank()) {
      containerizer.setBaseImageLayersCache(Paths.get(jibCache).resolve("base"));
    }
    return Jib.from(TarImage.at(base).named(ImageReference.parse("tributary/base:local")))
        .setFileEntriesLayers(layers(app))
        .setEntrypoint(ENTRYPOINT)
        .setProgramArguments(List.of())
        .addEnvironmentVariable("QUARKUS_HTTP_HOST", "0.0.0.0")
        .addEnvironmentVariable("LANG", "C.UTF-8")
        .setExposedPorts(Port.tcp(service.port()))
        .setUser("185")
        .setWorkingDirectory(AbsoluteUnixPath.get(DEPLOYMENTS))
        .setLabels(labels)
        .containerize(containerizer);
  }

  /**
   * The fast-jar in three layers: the third-party libraries (change rarely), Quarkus' generated
   * code and the runner jar, then the service's own classes and the project's own libraries.
   */
  static List<FileEntriesLayer> layers(Path app) throws IOException {
    AbsoluteUnixPath deployments = AbsoluteUnixPath.get(DEPLOYMENTS);
    FileEntriesLayer.Builder dependencies = FileEntriesLayer.builder().setName("dependencies");
    FileEntriesLayer.Builder quarkus = FileEntriesLayer.builder().setName("quarkus");
    FileEntriesLayer.Builder application = FileEntriesLayer.builder().setName("application");

    dependencies.addEntryRecursive(app.resolve("lib/boot"), deployments.resolve("lib/boot"));
    for (Path jar : list(app.resolve("lib/main"))) {
      String name = jar.getFileName().toString();
      (name.startsWith(OWN_JAR_PREFIX) ? application : dependencies)
          .addEntry(jar, deployments.resolve("lib/main").resolve(name));
    }
    quarkus.addEntryRecursive(app.resolve("quarkus"), deployments.resolve("quarkus"));
    quarkus.addEntry(app.resolve("quarkus-run.jar"), deployments.resolve("quarkus-run.jar"));
    application.addEntryRecursive(app.resolve("app"), deployments.resolve("app"));
    return List.of(dependencies.build(), quarkus.build(), application.build());
  }

  private static List<Path> list(Path directory) throws IOException {
    try (Stream<Path> files = Files.list(directory)) {
      return files.sorted().toList();
    }
  }

  /** Runs build-base.sh (a no-op when its tarball is cached) and returns the tarball's path. */
  static Path buildBase(Path root) throws IOException, InterruptedException {
    Path script = root.resolve("deploy/images/build-base.sh");
    System.out.println("[images] base: " + script);
    Process process =
        new ProcessBuilder("bash", script.toString())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    String out;
    try (InputStream stdout = process.getInputStream()) {
      out = new String(stdout.readAllBytes(), StandardCharsets.UTF_8).strip();
    }
    int exit = process.waitFor();
    if (exit != 0 || out.isEmpty()) {
      throw new IllegalStateException(script + " failed (exit " + exit + "): see its output above");
    }
    return Paths.get(out.substring(out.lastIndexOf('\n') + 1).strip()); // its last line
  }

  /** One line of git's output, or "" (no git, not a repository, no such setting). */
  private static String git(Path root, String... args) {
    List<String> command = new ArrayList<>(List.of("git", "-C", root.toString()));
    command.addAll(List.of(args));
    try {
      Process process =
          new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
      String out;
      try (InputStream stdout = process.getInputStream()) {
        out = new String(stdout.readAllBytes(), StandardCharsets.UTF_8).strip();
      }
      return process.waitFor() == 0 ? out : "";
    } catch (IOException e) {
      return "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }

  private static void log(LogEvent event) {
    switch (event.getLevel()) {
      case ERROR, WARN, LIFECYCLE -> System.out.println("[jib] " + event.getMessage());
      default -> {}
    }
  }

  static Map<String, String> parse(String[] args) {
    Map<String, String> options = new LinkedHashMap<>();
    for (String arg : args) {
      int eq = arg.indexOf('=');
      if (!arg.startsWith("--") || eq < 0) {
        throw new IllegalArgumentException("expected --name=value, got " + arg);
      }
      options.put(arg.substring(2, eq), arg.substring(eq + 1));
    }
    return options;
  }

  private static String required(Map<String, String> options, String name) {
    String value = options.get(name);
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("--" + name + "= is required");
    }
    return value;
  }
}
