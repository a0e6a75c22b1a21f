package io.tributary.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BrokerClasspathTest {

  @Test
  void parsesPathSeparatedEntriesIgnoringBlanksAndLineBreaks() {
    String text = "/m2/a.jar" + File.pathSeparator + " /m2/b.jar " + File.pathSeparator + "\n";

    assertThat(BrokerClasspath.parse(text))
        .containsExactly(Path.of("/m2/a.jar"), Path.of("/m2/b.jar"));
    assertThat(BrokerClasspath.parse("/x.jar\n/y.jar"))
        .containsExactly(Path.of("/x.jar"), Path.of("/y.jar"));
    assertThat(BrokerClasspath.parse("  \n")).isEmpty();
  }

  @Test
  void joinIsTheInverseOfParse() {
    List<Path> entries = List.of(Path.of("/m2/a.jar"), Path.of("/classes"));

    assertThat(BrokerClasspath.parse(BrokerClasspath.join(entries))).isEqualTo(entries);
  }

  @Test
  void requiresAnExistingKafkaBrokerJar(@TempDir Path dir) throws IOException {
    Path kafka = Files.createFile(dir.resolve("kafka_2.13-4.1.1.jar"));
    Path clients = Files.createFile(dir.resolve("kafka-clients-4.1.1.jar"));

    BrokerClasspath.requireKafkaJar(List.of(clients, kafka));
    assertThatThrownBy(() -> BrokerClasspath.requireKafkaJar(List.of(clients)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("kafka_2.13");
    assertThatThrownBy(
            () -> BrokerClasspath.requireKafkaJar(List.of(dir.resolve("kafka_2.13-9.9.jar"))))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void findsTheClasspathEntryOfAResourceUrl() {
    String name = "io/tributary/testing/KafkaBrokerMain.class";

    assertThat(BrokerClasspath.locationOf("jar:file:/m2/common-tests.jar!/" + name, name))
        .isEqualTo(Path.of("/m2/common-tests.jar"));
    assertThat(BrokerClasspath.locationOf("file:/work/target/test-classes/" + name, name))
        .isEqualTo(Path.of("/work/target/test-classes"));
  }

  @Test
  void ownLocationHoldsTheBrokerMainClass() {
    Path location = BrokerClasspath.ownLocation();

    assertThat(location.resolve("io/tributary/testing/KafkaBrokerMain.class")).exists();
  }
}
