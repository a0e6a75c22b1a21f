package io.tributary.common.control;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import org.flywaydb.core.api.ResourceProvider;
import org.flywaydb.core.api.resource.LoadableResource;

/**
 * The control schema's migrations as Flyway reads them: the files named in {@value #INDEX}, loaded
 * one by one from the class path. Flyway's own class-path scanning lists folders, which not every
 * class loader can (Quarkus' production class loader among them); loading named resources works
 * with all of them. {@code ControlSchemaMigrationsTest} checks that the index names exactly the
 * folder's files.
 */
final class ListedMigrations implements ResourceProvider {
  /** The folder of the migrations. */
  static final String FOLDER = "db/tributary/";

  /** The index: one migration file name per line, in order. */
  static final String INDEX = FOLDER + "migrations.txt";

  private final List<LoadableResource> migrations = new ArrayList<>();

  ListedMigrations(ClassLoader loader) {
    for (String name : names(loader)) {
      migrations.add(new Migration(name, loader));
    }
  }

  /** The file names the index lists. */
  static List<String> names(ClassLoader loader) {
    try (InputStream in = loader.getResourceAsStream(INDEX)) {
      if (in == null) {
        throw new IllegalStateException("no " + INDEX + " on the class path");
      }
      try (BufferedReader reader =
          new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
        return reader
            .lines()
            .map(String::strip)
            .filter(line -> !line.isEmpty() && !line.startsWith("#"))
            .toList();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + INDEX, e);
    }
  }

  @Override
  public LoadableResource getResource(String name) {
    return migrations.stream()
        .filter(m -> m.getFilename().equals(name) || m.getAbsolutePath().equals(name))
        .findFirst()
        .orElse(null);
  }

  @Override
  public Collection<LoadableResource> getResources(String prefix, String[] suffixes) {
    return migrations.stream()
        .filter(m -> m.getFilename().startsWith(prefix))
        .filter(m -> Arrays.stream(suffixes).anyMatch(s -> m.getFilename().endsWith(s)))
        .toList();
  }

  /** One migration file on the class path. */
  private static final class Migration extends LoadableResource {
    private final String name;
    private final ClassLoader loader;

    Migration(String name, ClassLoader loader) {
      this.name = name;
      this.loader = loader;
    }

    @Override
    public Reader read() {
      InputStream in = loader.getResourceAsStream(FOLDER + name);
      if (in == null) {
        throw new IllegalStateException(
            INDEX + " names " + name + ", which is not on the class path");
      }
      return new InputStreamReader(in, StandardCharsets.UTF_8);
    }

    @Override
    public String getAbsolutePath() {
      return FOLDER + name;
    }

    @Override
    public String getAbsolutePathOnDisk() {
      return FOLDER + name;
    }

    @Override
    public String getFilename() {
      return name;
    }

    @Override
    public String getRelativePath() {
      return name;
    }
  }
}
