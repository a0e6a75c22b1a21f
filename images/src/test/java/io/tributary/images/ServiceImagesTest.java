package io.tributary.images;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.images.ServiceImages.Service;
import java.io.BufferedInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Reads the tarballs the package phase wrote (target/images/SERVICE.tar): runs in the package phase
 * after {@link ServiceImages} (surefire execution test-images of images/pom.xml). No servers.
 */
class ServiceImagesTest {

  static final ObjectMapper JSON = new ObjectMapper();
  static final Path OUTPUT =
      Paths.get(System.getProperty("tributary.images.output", "target/images"));
  static final String VERSION = System.getProperty("tributary.images.version", "0.1.0-SNAPSHOT");

  /** A docker-save tarball read once: its JSON files and, per layer file, its entries' names. */
  record Tarball(Map<String, JsonNode> json, Map<String, Set<String>> layers, String passwd) {}

  static Stream<Service> services() {
    return ServiceImages.SERVICES.stream();
  }

  @ParameterizedTest
  @MethodSource("services")
  void manifestNamesTheReferenceAndConfigHasTheRuntimeSettings(Service service) throws Exception {
    Tarball tarball = read(OUTPUT.resolve(service.name() + ".tar"));

    JsonNode manifest = tarball.json().get("manifest.json");
    assertThat(manifest.size()).isEqualTo(1);
    assertThat(texts(manifest.get(0).get("RepoTags")))
        .containsExactly("tributary/" + service.name() + ":" + VERSION);
    List<String> layerFiles = texts(manifest.get(0).get("Layers"));
    assertThat(layerFiles).hasSize(4); // the base, then dependencies, quarkus, application
    assertThat(tarball.layers().keySet()).containsAll(layerFiles);

    JsonNode image = tarball.json().get(manifest.get(0).get("Config").asText());
    assertThat(image.get("rootfs").get("diff_ids").size()).isEqualTo(layerFiles.size());
    assertThat(image.get("architecture").asText()).isEqualTo("amd64");
    JsonNode config = image.get("config");
    assertThat(texts(config.get("Entrypoint")))
        .containsExactly(
            "java",
            "-XX:MaxRAMPercentage=75",
            "-XX:+ExitOnOutOfMemoryError",
            "-jar",
            "/deployments/quarkus-run.jar");
    assertThat(config.get("User").asText()).isEqualTo("185");
    assertThat(config.get("WorkingDir").asText()).isEqualTo("/deployments");
    assertThat(fieldNames(config.get("ExposedPorts"))).containsExactly(service.port() + "/tcp");
    List<String> env = texts(config.get("Env"));
    assertThat(env).contains("QUARKUS_HTTP_HOST=0.0.0.0");
    assertThat(env).anyMatch(e -> e.startsWith("JAVA_HOME=/usr/lib/jvm/java-17-openjdk-"));
    assertThat(env).anyMatch(e -> e.startsWith("PATH=") && e.contains("/usr/bin"));
    JsonNode labels = config.get("Labels");
    assertThat(labels.get("org.opencontainers.image.title").asText())
        .isEqualTo("tributary-" + service.name());
    assertThat(labels.get("org.opencontainers.image.version").asText()).isEqualTo(VERSION);
    assertThat(labels.get("io.tributary.base.packages").asText())
        .contains("openjdk-17-jre-headless=17.");

    // The base: a JRE 17 under /usr/lib/jvm and the user 185.
    Set<String> base = tarball.layers().get(layerFiles.get(0));
    assertThat(base).anyMatch(n -> n.matches("usr/lib/jvm/java-17-openjdk-[a-z0-9]+/bin/java"));
    assertThat(tarball.passwd()).contains("tributary:x:185:185:");

    // The service: dependencies, then Quarkus' code and the runner, then its own classes.
    Set<String> dependencies = tarball.layers().get(layerFiles.get(1));
    Set<String> quarkus = tarball.layers().get(layerFiles.get(2));
    Set<String> application = tarball.layers().get(layerFiles.get(3));
    assertThat(dependencies)
        .anyMatch(n -> n.startsWith("deployments/lib/boot/") && n.endsWith(".jar"))
        .anyMatch(n -> n.startsWith("deployments/lib/main/io.quarkus.") && n.endsWith(".jar"))
        .noneMatch(n -> n.startsWith("deployments/lib/main/io.tributary."));
    assertThat(quarkus)
        .contains("deployments/quarkus-run.jar", "deployments/quarkus/quarkus-application.dat");
    assertThat(application)
        .contains(
            "deployments/app/tributary-" + service.name() + "-" + VERSION + ".jar",
            "deployments/lib/main/io.tributary.tributary-common-" + VERSION + ".jar");
  }

  /**
   * Runs the image's filesystem: all layers of the orchestrator's image extracted in order into a
   * rootfs, then, as user 185 in a chroot of it (with its own /proc, in a private mount and PID
   * namespace, as a container runtime would give it), java -version, and the service itself up to
   * its database: Quarkus starts from the image's fast-jar and fails on the unreachable PostgreSQL
   * it is pointed at. Needs root (chroot, unshare).
   */
  @Test
  void theImageRunsInAChrootOfItsLayers(@TempDir Path temp) throws Exception {
    // not skipped: building the images needs root anyway (build-base.sh), and a check that
    // silently does not run would say the images run when nobody tried
    assertThat(System.getProperty("user.name"))
        .as("running the image's filesystem (chroot) needs root: build the images as root")
        .isEqualTo("root");
    Path tarball = OUTPUT.resolve("orchestrator-service.tar");
    Path files = Files.createDirectories(temp.resolve("tarball"));
    Path rootfs = Files.createDirectories(temp.resolve("rootfs"));
    run(List.of("tar", "-xf", tarball.toString(), "-C", files.toString()), 120);
    JsonNode manifest = JSON.readTree(files.resolve("manifest.json").toFile()).get(0);
    for (String layer : texts(manifest.get("Layers"))) {
      run(
          List.of(
              "tar",
              "--numeric-owner",
              "--warning=no-unknown-keyword",
              "-xpf",
              files.resolve(layer).toString(),
              "-C",
              rootfs.toString()),
          300);
    }
    assertThat(rootfs.resolve("deployments/quarkus-run.jar")).isRegularFile();
    JsonNode config =
        JSON.readTree(files.resolve(manifest.get("Config").asText()).toFile()).get("config");

    String version = run(inContainer(rootfs, config, List.of("java", "-version")), 120);
    assertThat(version).contains("openjdk version \"17.");

    List<String> service = new ArrayList<>(texts(config.get("Entrypoint")));
    service.add(1, "-Dquarkus.http.port=0");
    service.add(1, "-Dquarkus.datasource.reactive.url=postgresql://127.0.0.1:1/unified");
    String out = runExpectingFailure(inContainer(rootfs, config, service), 180);
    assertThat(out)
        .contains("Failed to start application")
        .contains("127.0.0.1:1")
        .doesNotContain("ClassNotFoundException")
        .doesNotContain("NoClassDefFoundError");
  }

  /** The command as the image's user, with its env, in its working directory, in the rootfs. */
  private static List<String> inContainer(Path rootfs, JsonNode config, List<String> command) {
    List<String> line =
        new ArrayList<>(
            List.of(
                "unshare",
                "--mount",
                "--pid",
                "--fork",
                "--mount-proc=" + rootfs.resolve("proc"),
                "chroot",
                "--userspec=" + config.get("User").asText() + ":" + config.get("User").asText(),
                rootfs.toString(),
                "/usr/bin/env",
                "-i"));
    line.addAll(texts(config.get("Env")));
    line.addAll(
        List.of("/bin/sh", "-c", "cd \"$0\" && exec \"$@\"", config.get("WorkingDir").asText()));
    line.addAll(command);
    return line;
  }

  static Tarball read(Path tarball) throws IOException {
    assertThat(tarball).as("built by the package phase (mvn -B package -Pimages)").isRegularFile();
    Map<String, JsonNode> json = new HashMap<>();
    Map<String, Set<String>> layers = new HashMap<>();
    String passwd = "";
    try (TarArchiveInputStream tar =
        new TarArchiveInputStream(new BufferedInputStream(Files.newInputStream(tarball)))) {
      for (TarArchiveEntry entry; (entry = tar.getNextEntry()) != null; ) {
        String name = entry.getName();
        if (name.endsWith(".json")) {
          json.put(name, JSON.readTree(nonClosing(tar)));
        } else if (name.endsWith(".tar.gz") || name.endsWith(".tar")) {
          Set<String> names = new LinkedHashSet<>();
          InputStream in = new BufferedInputStream(nonClosing(tar));
          in.mark(2);
          boolean gzip = in.read() == 0x1f && in.read() == 0x8b;
          in.reset();
          TarArchiveInputStream layer =
              new TarArchiveInputStream(gzip ? new GzipCompressorInputStream(in) : in);
          for (TarArchiveEntry file; (file = layer.getNextEntry()) != null; ) {
            String path = normalize(file.getName());
            names.add(path);
            if (path.equals("etc/passwd")) {
              passwd = new String(layer.readAllBytes(), StandardCharsets.UTF_8);
            }
          }
          layers.put(name, names);
        }
      }
    }
    return new Tarball(json, layers, passwd);
  }

  private static InputStream nonClosing(InputStream in) {
    return new InputStream() {
      @Override
      public int read() throws IOException {
        return in.read();
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        return in.read(b, off, len);
      }
    };
  }

  private static String normalize(String name) {
    String n = name.startsWith("./") ? name.substring(2) : name;
    n = n.startsWith("/") ? n.substring(1) : n;
    return n.endsWith("/") ? n.substring(0, n.length() - 1) : n;
  }

  private static List<String> texts(JsonNode array) {
    List<String> texts = new ArrayList<>();
    array.forEach(node -> texts.add(node.asText()));
    return texts;
  }

  private static List<String> fieldNames(JsonNode object) {
    List<String> names = new ArrayList<>();
    object.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static String run(List<String> command, int seconds) throws Exception {
    Execution execution = execute(command, seconds);
    assertThat(execution.exit()).as("%s: %s", command, execution.out()).isZero();
    return execution.out();
  }

  private static String runExpectingFailure(List<String> command, int seconds) throws Exception {
    Execution execution = execute(command, seconds);
    assertThat(execution.exit()).as("%s: %s", command, execution.out()).isNotZero();
    return execution.out();
  }

  record Execution(int exit, String out) {}

  private static Execution execute(List<String> command, int seconds) throws Exception {
    Path log = Files.createTempFile("images-test", ".log");
    try {
      Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
              .start();
      if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
        throw new AssertionError(
            command + " did not finish in " + seconds + " s: " + Files.readString(log));
      }
      return new Execution(process.exitValue(), Files.readString(log));
    } finally {
      Files.deleteIfExists(log);
    }
  }
}
