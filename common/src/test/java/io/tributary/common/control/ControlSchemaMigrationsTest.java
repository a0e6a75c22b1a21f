package io.tributary.common.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ControlSchemaMigrationsTest {
  private static final Pattern NAME = Pattern.compile("V(\\d+)__[a-z0-9_]+\\.sql");

  @Test
  @DisplayName(
      "Migrations are numbered 1..n without gaps, all listed in order, and the services need the"
          + " highest of them")
  void requiredVersionIsTheHighestMigration() throws IOException, URISyntaxException {
    URL folder = ControlSchemaMigrationsTest.class.getResource("/db/tributary");
    assertThat(folder).isNotNull();
    List<Integer> versions;
    try (Stream<Path> files = Files.list(Path.of(folder.toURI()))) {
      versions =
          files
              .map(p -> p.getFileName().toString())
              .filter(name -> !name.equals("migrations.txt"))
              .map(
                  name -> {
                    Matcher m = NAME.matcher(name);
                    assertThat(m.matches()).as("migration file name %s", name).isTrue();
                    return Integer.parseInt(m.group(1));
                  })
              .sorted()
              .toList();
    }
    assertThat(versions).isNotEmpty();
    for (int i = 0; i < versions.size(); i++) {
      assertThat(versions.get(i)).isEqualTo(i + 1);
    }
    assertThat(versions.get(versions.size() - 1)).isEqualTo(ControlSchema.REQUIRED_VERSION);
    assertThat(
            ListedMigrations.names(getClass().getClassLoader()).stream()
                .map(
                    name -> {
                      Matcher m = NAME.matcher(name);
                      assertThat(m.matches()).as("listed migration %s", name).isTrue();
                      return Integer.parseInt(m.group(1));
                    })
                .toList())
        .as("db/tributary/migrations.txt lists every migration, in order")
        .isEqualTo(versions);
  }
}
