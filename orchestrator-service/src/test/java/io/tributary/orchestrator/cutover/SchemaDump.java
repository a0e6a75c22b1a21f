package io.tributary.orchestrator.cutover;

import io.tributary.testing.TestInfrastructure;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * A schema's definition as {@code pg_dump --schema-only} writes it, owners and privileges left out,
 * as a list of statements in pg_dump's order: what a test compares between a source schema and the
 * target schema it migrated to.
 */
final class SchemaDump {
  private SchemaDump() {}

  /**
   * The statements of {@code schema} in {@code database}, with the schema's name written as {@code
   * as} (so two schemas' dumps compare; quoted or not, as a rewritten function body may quote it),
   * and without the statements naming Tributary's own objects (its guard triggers and replication
   * policies, whose names start with {@code tributary_}).
   */
  static List<String> of(TestInfrastructure infra, String database, String schema, String as)
      throws IOException, InterruptedException {
    String bin = System.getenv().getOrDefault("TRIBUTARY_PG_BIN", "/usr/lib/postgresql/15/bin");
    ProcessBuilder builder =
        new ProcessBuilder(
                bin + "/pg_dump",
                "--schema-only",
                "--no-owner",
                "--no-privileges",
                "--schema=" + schema,
                "--host=" + infra.postgresHost(),
                "--port=" + infra.postgresPort(),
                "--username=" + infra.postgresUser(),
                database)
            .redirectErrorStream(true);
    builder.environment().put("PGPASSWORD", infra.postgresPassword());
    Process process = builder.start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IllegalStateException("pg_dump of " + database + "." + schema + " failed: " + out);
    }
    Pattern name = Pattern.compile("\"?\\b" + Pattern.quote(schema) + "\\b\"?");
    List<String> statements = new ArrayList<>();
    StringBuilder statement = new StringBuilder();
    for (String line : out.split("\n")) {
      if (statement.isEmpty()
          && (line.startsWith("--")
              || line.startsWith("SET ")
              || line.startsWith("SELECT pg_catalog.set_config")
              || line.startsWith("\\restrict ")
              || line.startsWith("\\unrestrict ")
              || line.isBlank())) {
        continue; // pg_dump's comments, session settings and its restrict key (random per dump)
      }
      statement.append(line).append('\n');
      // a statement ends at a semicolon ending a line outside dollar quotes (a function's body)
      if (line.endsWith(";") && statement.toString().split("\\$\\$", -1).length % 2 == 1) {
        // the schema's name as the schema's name, quoted or not (how a rewritten body spells it)
        String s = name.matcher(statement.toString().strip()).replaceAll(as);
        if (!s.contains("tributary_")) {
          statements.add(s);
        }
        statement.setLength(0);
      }
    }
    return statements;
  }
}
