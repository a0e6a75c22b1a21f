package io.tributary.orchestrator.api;

import static io.tributary.auth.Operator.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.config.HttpClientConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.response.Response;
import io.tributary.orchestrator.SqliteFiles;
import io.tributary.orchestrator.SqliteSourcesTestResource;
import io.tributary.testing.TestInfrastructure;
import io.tributary.testing.TributaryTestResource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The bad-input corpus of the plan intake: hostile identifiers in a SQLite file and a PostgreSQL
 * database, NUL bytes and invalid UTF-8 in the values the automatic rules read, a corrupt, a
 * truncated and an empty SQLite file, names over PostgreSQL's 63 bytes, and thousands of valid
 * plans mutated at random ({@link PlanMutator}). Never a 500, never a hang, and a refused plan
 * names its fields and records nothing. {@code -Dtributary.corpus.mutations=N} runs more (the
 * default, 1,500, takes about a minute); {@code -Dtributary.corpus.seed=S} replays a run.
 */
@QuarkusTest
@WithTestResource(TributaryTestResource.class)
@WithTestResource(SqliteSourcesTestResource.class)
class PlanCorpusIT {
  static {
    // Register the JDBC drivers with this class loader (see PostgresSourceIT).
    try {
      Class.forName("org.sqlite.JDBC");
      Class.forName("org.postgresql.Driver");
    } catch (ClassNotFoundException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private static final Logger LOG = Logger.getLogger(PlanCorpusIT.class);

  /** A request that takes longer than this is a hang. */
  private static final int REQUEST_TIMEOUT_MS = 30_000;

  /** Tables of the hostile file, as SQLite spells them. */
  static final Set<String> HOSTILE_TABLES =
      Set.of("we\"ird", "drop table x; --", "dot.ted", "ünïcödé 表", "é".repeat(31) + "x", "Select");

  private static final String PG_SOURCE_DDL =
      """
      CREATE SCHEMA "Semi;Colon";
      CREATE TYPE "Semi;Colon"."Mo""od" AS ENUM ('a''b', 'c;d', 'é');
      CREATE TABLE "Semi;Colon"."we""ird" (
        "i""d" bigint PRIMARY KEY, "na.me" text, m "Semi;Colon"."Mo""od", v vector(3));
      CREATE TABLE public."table" ("select" integer PRIMARY KEY, "from" text NOT NULL);
      CREATE TABLE public.audit (at timestamptz NOT NULL, message text NOT NULL);
      INSERT INTO "Semi;Colon"."we""ird" VALUES (1, 'x''; DROP', 'c;d', '[1,2,3]');
      INSERT INTO public."table" VALUES (1, '$$'), (2, E'tab\\there');
      """;

  private static TestInfrastructure infra;
  private static String pgSource;

  @ConfigProperty(name = TributaryTestResource.JDBC_URL)
  String jdbcUrl;

  @ConfigProperty(name = "quarkus.datasource.username")
  String user;

  @ConfigProperty(name = "quarkus.datasource.password")
  String password;

  @ConfigProperty(name = SqliteSourcesTestResource.SOURCES_DIR)
  Path sourcesDir;

  @BeforeAll
  static void createPostgresSource() throws SQLException {
    infra = TestInfrastructure.get();
    pgSource = infra.createDatabase("corpus_src");
    try (Connection source = infra.connect(pgSource);
        Statement st = source.createStatement()) {
      st.execute("CREATE EXTENSION IF NOT EXISTS vector");
      st.execute(PG_SOURCE_DDL);
    }
  }

  /** A SQLite file whose names need quoting everywhere, and values that decode badly. */
  private Path hostileFile() throws SQLException {
    Path file = sourcesDir.resolve("hostile.db");
    if (Files.exists(file)) {
      return file;
    }
    return SqliteFiles.create(
        file,
        "CREATE TABLE \"we\"\"ird\" (\"id\" INTEGER PRIMARY KEY, \"na\"\"me\" TEXT,"
            + " \"semi;colon\" TEXT, raw BLOB)",
        "CREATE TABLE \"drop table x; --\" (k TEXT PRIMARY KEY, \"a.b\" INTEGER)",
        "CREATE TABLE \"dot.ted\" (\"Mixed Case\" INTEGER PRIMARY KEY, \"select\" TEXT)",
        "CREATE TABLE \"ünïcödé 表\" (\"🙂\" INTEGER PRIMARY KEY, \"$1\" TEXT, \"%s\" TEXT)",
        "CREATE TABLE \"" + "é".repeat(31) + "x\" (id INTEGER PRIMARY KEY)",
        "CREATE TABLE \"Select\" (\"id\"\"\" INTEGER PRIMARY KEY, \" \" TEXT)",
        // NUL inside text, invalid UTF-8, a lone surrogate's bytes, JSON-looking text with NUL
        "INSERT INTO \"we\"\"ird\" VALUES (1, CAST(x'666f6f00626172' AS TEXT), 'a', x'00ff'),"
            + " (2, CAST(x'fffe41' AS TEXT), CAST(x'eda080' AS TEXT), NULL),"
            + " (3, '{\"a\": \"\\u0000\"}', ';', x'')",
        "INSERT INTO \"drop table x; --\" VALUES ('''; DROP TABLE t; --', 1)",
        "INSERT INTO \"ünïcödé 表\" VALUES (1, 'x', '%n')");
  }

  private static String hostilePlan(String migration, String schema) {
    return """
        migration: %s
        sources:
          - name: hostile
            kind: sqlite
            path: hostile.db
            schema: %s
            tables:
              'we"ird':
                columns:
                  'na"me': { type: text, invalid: "null" }
                  'semi;colon': { name: 'semi;colon2', default: "';'" }
                checks: [ "length(\\"na\\"\\"me\\") < 1000" ]
              'dot.ted':
                columns:
                  'Mixed Case': { type: integer }
        cutover:
          timeouts: { freeze: 10s, drain: 60s }
          final-validation: changed-rows
          actions:
            - event: { topic: tributary.status }
        """
        .formatted(migration, schema);
  }

  private static String shopPlan(String migration) {
    return SqliteSourcesTestResource.shopPlan(migration, "shop_corpus")
        + """
            tables:
              customers:
                key: { column: id, strategy: uuid5 }
                columns:
                  name: { type: varchar(200), default: "'none'" }
                  balance: { type: "numeric(12,2)", invalid: "null" }
                  loyalty: { type: integer, default: "0" }
                checks: [ "balance >= 0" ]
              products:
                columns:
                  title: { name: display_title }
                fulltext: { columns: [ title ], language: simple }
        cutover:
          timeouts: { freeze: 10s, drain: 1m, validate: 5m }
          keep-sources-read-only: true
          final-validation: full
          actions:
            - webhook: { url: "http://localhost:9/cutover", timeout: 5s }
            - env-file: { path: target/corpus.env, source: legacy-shop }
        """;
  }

  private static String postgresPlan(String migration, String schemaPrefix) {
    return """
        migration: %s
        sources:
          - name: pg
            kind: postgres
            url: %s
            schemas: { public: %s_pub, "Semi;Colon": %s_semi }
            tables:
              audit: { key: { columns: [ at, message ] } }
              'Semi;Colon.we"ird':
                columns:
                  'na.me': { type: varchar(100) }
                  v: { type: halfvec(3) }
        cutover:
          timeouts: { freeze: 5s }
        """
        .formatted(migration, infra.sourceUrl(pgSource), schemaPrefix, schemaPrefix);
  }

  private static Response post(String body, boolean json, boolean dryRun) {
    RestAssuredConfig timeouts =
        RestAssuredConfig.config()
            .httpClient(
                HttpClientConfig.httpClientConfig()
                    .setParam("http.connection.timeout", REQUEST_TIMEOUT_MS)
                    .setParam("http.socket.timeout", REQUEST_TIMEOUT_MS));
    return given()
        .config(timeouts)
        .contentType(json ? "application/json" : "application/yaml")
        .queryParam("dryRun", dryRun)
        .body(body.getBytes(StandardCharsets.UTF_8))
        .when()
        .post("/migrations");
  }

  private long scalar(String sql, Object... parameters) throws SQLException {
    try (Connection connection = DriverManager.getConnection(jdbcUrl, user, password);
        PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        statement.setObject(i + 1, parameters[i]);
      }
      try (ResultSet rs = statement.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private Set<String> targetTables(String schema) throws SQLException {
    try (Connection connection = DriverManager.getConnection(jdbcUrl, user, password);
        PreparedStatement statement =
            connection.prepareStatement(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = ?")) {
      statement.setString(1, schema);
      Set<String> names = new TreeSet<>();
      try (ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          names.add(rs.getString(1));
        }
      }
      return names;
    }
  }

  @Test
  @DisplayName(
      "Hostile names (quotes, semicolons, dots, unicode, 63 bytes, reserved words) and values"
          + " (NUL, invalid UTF-8) are provisioned by their exact names, from SQLite and PostgreSQL")
  void hostileIdentifiersAreProvisioned() throws SQLException {
    hostileFile();
    post(hostilePlan("corpus-hostile", "corpus_hostile"), false, false).then().statusCode(201);
    assertThat(targetTables("corpus_hostile")).isEqualTo(new TreeSet<>(HOSTILE_TABLES));
    assertThat(
            scalar(
                "SELECT count(*) FROM information_schema.columns WHERE table_schema ="
                    + " 'corpus_hostile' AND table_name = 'we\"ird' AND column_name IN"
                    + " ('na\"me', 'semi;colon2', 'raw')"))
        .isEqualTo(3);

    Response created = post(postgresPlan("corpus-pg", "corpus"), false, false);
    assertThat(created.statusCode()).as(created.asString()).isEqualTo(201);
    assertThat(targetTables("corpus_semi")).containsExactly("we\"ird");
    assertThat(targetTables("corpus_pub")).containsExactly("audit", "table");
  }

  @Test
  @DisplayName(
      "A corrupt, a truncated, an empty SQLite file, a device, names over 63 bytes and empty"
          + " names are refused with 400 naming the source, and nothing is recorded")
  void badSqliteFilesAreRefused() throws Exception {
    Random random = new Random(7);
    byte[] noise = new byte[64 * 1024];
    random.nextBytes(noise);
    Files.write(sourcesDir.resolve("noise.db"), noise);
    byte[] shop = Files.readAllBytes(sourcesDir.resolve(SqliteSourcesTestResource.SHOP));
    byte[] header = new byte[Math.min(shop.length, 1500)];
    System.arraycopy(shop, 0, header, 0, header.length);
    Files.write(sourcesDir.resolve("truncated.db"), header);
    Files.write(sourcesDir.resolve("empty.db"), new byte[0]);
    SqliteFiles.create(
        sourcesDir.resolve("long.db"),
        "CREATE TABLE \"" + "t".repeat(64) + "\" (id INTEGER PRIMARY KEY)",
        "CREATE TABLE \"" + "é".repeat(32) + "\" (\"" + "c".repeat(70) + "\" INTEGER PRIMARY KEY)");
    SqliteFiles.create(
        sourcesDir.resolve("blank.db"),
        "CREATE TABLE t (id INTEGER PRIMARY KEY, \"\" TEXT)",
        "CREATE TABLE \"\" (id INTEGER PRIMARY KEY)");
    long before = scalar("SELECT count(*) FROM tributary.migrations");

    for (String file :
        List.of("noise.db", "truncated.db", "empty.db", "long.db", "blank.db", "/dev/zero")) {
      String plan =
          "migration: corpus-bad-file\nsources: [{name: s, kind: sqlite, path: '"
              + file
              + "', schema: corpus_bad}]\n";
      Response answer = post(plan, false, false);
      assertThat(answer.statusCode()).as(file + ": " + answer.asString()).isEqualTo(400);
      List<String> fields = answer.jsonPath().getList("errors.field");
      List<String> messages = answer.jsonPath().getList("errors.message");
      assertThat(fields).as(file).isNotEmpty().allMatch(f -> f.startsWith("sources[0]"));
      assertThat(messages).as(file).allMatch(m -> m != null && !m.isBlank());
      LOG.infof("%s refused: %s", file, messages);
    }
    assertThat(scalar("SELECT count(*) FROM tributary.migrations")).isEqualTo(before);
    assertThat(scalar("SELECT count(*) FROM pg_namespace WHERE nspname = 'corpus_bad'")).isZero();
  }

  @Test
  @DisplayName(
      "Valid plans mutated at random are answered 200, 400 or 422 (never 500, never a hang); a"
          + " 400 names its fields; a refused plan records nothing")
  void mutatedPlansAreNeverA500() throws Exception {
    hostileFile();
    long seed = Long.getLong("tributary.corpus.seed", System.nanoTime());
    int mutations = Integer.getInteger("tributary.corpus.mutations", 1_500);
    LOG.infof(
        "Plan corpus: %d mutations, seed %d (-Dtributary.corpus.seed to replay)", mutations, seed);
    PlanMutator mutator = new PlanMutator(seed);
    List<String> seeds =
        List.of(
            shopPlan("corpus-seed"),
            hostilePlan("corpus-seed", "corpus_seed"),
            postgresPlan("corpus-seed", "seed"));
    for (String valid : seeds) {
      Response answer = post(valid, false, true);
      assertThat(answer.statusCode()).as("seed plan dry run: " + answer.asString()).isEqualTo(200);
    }

    Map<Integer, Integer> statuses = new TreeMap<>();
    List<String> failures = new ArrayList<>();
    long slowest = 0;
    int provisioned = 0;
    long migrationsBefore = scalar("SELECT count(*) FROM tributary.migrations");
    for (int i = 0; i < mutations && failures.size() < 10; i++) {
      PlanMutator.Mutant mutant = mutator.mutate(seeds.get(i % seeds.size()));
      // Every 25th mutant is submitted for real (under an id of its own), the rest as dry runs.
      boolean real = i % 25 == 0;
      String body = real ? renamed(mutant.text(), i) : mutant.text();
      long started = System.nanoTime();
      Response answer;
      try {
        answer = post(body, mutant.json(), !real);
      } catch (RuntimeException e) {
        failures.add("#" + i + " " + mutant.description() + ": no answer: " + e);
        continue;
      }
      long millis = (System.nanoTime() - started) / 1_000_000;
      slowest = Math.max(slowest, millis);
      int status = answer.statusCode();
      statuses.merge(status, 1, Integer::sum);
      String problem = problem(status, answer, real);
      if (problem != null) {
        failures.add(
            "#" + i + " " + mutant.description() + ": " + problem + "\n--- plan:\n" + cut(body));
      }
      if (real && status == 201) {
        provisioned++;
      }
    }
    LOG.infof(
        "Plan corpus: answers %s, %d provisioned for real, slowest answer %d ms",
        statuses, provisioned, slowest);
    assertThat(failures).as("seed " + seed).isEmpty();
    assertThat(statuses.keySet()).as("the mutations reached refusals").contains(400);
    assertThat(scalar("SELECT count(*) FROM tributary.migrations"))
        .as("only the plans answered 201 were recorded")
        .isEqualTo(migrationsBefore + provisioned);
  }

  /** What is wrong with an answer, or null. */
  private static String problem(int status, Response answer, boolean real) {
    String body = answer.asString();
    if (status >= 500 && status != 503) {
      return status + " " + cut(body);
    }
    if (!Set.of(200, 201, 400, 409, 422).contains(status)) {
      return "unexpected " + status + " " + cut(body);
    }
    if ((status == 200 || status == 201) && real != (status == 201)) {
      return "answered " + status + " to " + (real ? "a submission" : "a dry run");
    }
    if (status == 400) {
      List<Map<String, Object>> errors;
      try {
        errors = answer.jsonPath().getList("errors");
      } catch (RuntimeException e) {
        return "400 without errors: " + cut(body);
      }
      if (errors == null || errors.isEmpty()) {
        return "400 without errors: " + cut(body);
      }
      for (Map<String, Object> error : errors) {
        if (error.get("field") == null
            || error.get("message") == null
            || error.get("message").toString().isBlank()) {
          return "400 with an error that names no field or says nothing: " + error;
        }
      }
    }
    if (status == 422 || status == 409) {
      String message = answer.jsonPath().getString("error");
      if (message == null || message.isBlank()) {
        return status + " without a message: " + cut(body);
      }
    }
    return null;
  }

  /** A mutant's text under a migration id and target schemas of its own. */
  private static String renamed(String text, int i) {
    return text.replace("corpus-seed", "corpus-real-" + i)
        .replace("shop_corpus", "shop_r" + i)
        .replace("corpus_seed", "hostile_r" + i)
        .replace("seed_pub", "pub_r" + i)
        .replace("seed_semi", "semi_r" + i);
  }

  private static String cut(String text) {
    return text.length() > 1500 ? text.substring(0, 1500) + "…" : text;
  }
}
