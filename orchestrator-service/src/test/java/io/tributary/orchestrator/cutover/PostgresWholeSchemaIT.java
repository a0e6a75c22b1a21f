package io.tributary.orchestrator.cutover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.tributary.auth.Operator;
import io.tributary.testing.TestInfrastructure;
import io.tributary.testing.TributaryTestResource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A PostgreSQL application schema ({@code shop/schema.sql}) arrives whole through the real
 * pipeline: its enum, domains, composite and range types and the built-in types without a value
 * type of Tributary's ({@code tsvector}, {@code interval}, {@code money}, network, bit, geometric,
 * {@code xml}, ranges and multiranges) keep their types; their values, snapshot and changes, arrive
 * as the source holds them and validate MATCH; the source's trigger does not fire for apply; after
 * the cutover the application's own write on the target fires it, its full-text search, view,
 * function and aggregate answer as the source's did, and a domain's CHECK refuses what the source
 * refused.
 */
@QuarkusTest
@WithTestResource(
    value = TributaryTestResource.class,
    initArgs = @ResourceArg(name = TributaryTestResource.PREFIX_ARG, value = "shop_target"))
class PostgresWholeSchemaIT {
  static {
    try {
      Class.forName("org.postgresql.Driver");
    } catch (ClassNotFoundException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private static final Duration WAIT = Duration.ofMinutes(3);
  private static final String TARGET = "shop_app";

  private static final String COLUMNS =
      "id, name, description, quantity, weight_kg, weight_lb, contact, mood, ship_to, prices, search, lead_time, cost,"
          + " host, hosts, net, mac, flags, bits, location, area, doc, valid_during, ids,"
          + " updated_at";

  /** What the application does while the migration replicates; the trigger fills search. */
  private static final List<String> CHANGES =
      List.of(
          "INSERT INTO shop.products (id, name, description, quantity, contact, mood, ship_to,"
              + " prices, lead_time, cost, host, hosts, net, mac, flags, bits, location, area, doc,"
              + " valid_during, ids) VALUES (4, 'Brass lamp', 'a warm reading light', 7,"
              + " 'lamps@example.com', 'happy', ROW('2 Side Rd', '99', ARRAY['x'])::shop.address,"
              + " '(1,2]', '1 year 2 mons 3 days 04:05:06.789', 1000.01, '2001:db8::1',"
              + " '{192.168.1.1}', '2001:db8::/32', 'ff:ee:dd:cc:bb:aa', B'11111111',"
              + " B'1000000000000001', '(3.25,4.5)', '((1,2),(3,4))', '<a b=\"c\">d &amp; e</a>',"
              + " '[2026-03-01 10:00:00+00,)', '{[10,20)}')",
          "UPDATE shop.products SET lead_time = '00:00:01', cost = 0.01, flags = B'00001111',"
              + " bits = B'1', location = '(-7,8.125)', hosts = '{10.0.0.2,10.0.0.3}',"
              + " prices = '[5,6]', ids = '{[1,2),[3,4),[5,6)}', mood = 'sad',"
              + " ship_to = ROW('3 New St', NULL, ARRAY[]::text[])::shop.address,"
              + " description = 'boils water very quickly' WHERE id = 1",
          "UPDATE shop.products SET quantity = 9, doc = '<empty/>', weight_kg = 2.25 WHERE id = 3",
          "DELETE FROM shop.products WHERE id = 2",
          // a partition's rows change through the partitioned table
          "INSERT INTO shop.orders VALUES (3, '2026-07-01', 30)",
          "UPDATE shop.orders SET amount = 11 WHERE id = 1",
          "DELETE FROM shop.orders WHERE id = 2",
          // an inheriting table's row changes through its parent
          "UPDATE shop.payments SET amount = 8 WHERE id = 2",
          // parent and child hold rows of the same keys (each table's key is its own): a change
          // of the parent's row is the parent's only
          "INSERT INTO shop.payments_2025 VALUES (1, '2025-02-02', 4, 'parent-key')",
          "INSERT INTO shop.payments_2025 VALUES (5, '2025-02-05', 3)",
          "INSERT INTO shop.payments VALUES (5, '2024-05-05', 2)",
          "UPDATE ONLY shop.payments SET amount = 6 WHERE id = 1",
          "DELETE FROM ONLY shop.payments WHERE id = 5");

  /** The tables besides products, each as the source and the target are read for comparison. */
  private static final List<String> OTHER_TABLES =
      List.of("%s.orders", "ONLY %s.payments", "ONLY %s.payments_2025");

  @ConfigProperty(name = TributaryTestResource.JDBC_URL)
  String jdbcUrl;

  @ConfigProperty(name = TributaryTestResource.DATABASE)
  String database;

  @ConfigProperty(name = "quarkus.datasource.username")
  String user;

  @ConfigProperty(name = "quarkus.datasource.password")
  String password;

  @BeforeEach
  void services() throws Exception {
    CutoverServices.ensure(database);
  }

  private Connection target() throws SQLException {
    return DriverManager.getConnection(jdbcUrl, user, password);
  }

  private static List<String> strings(Connection c, String sql, Object... parameters)
      throws SQLException {
    try (PreparedStatement statement = c.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        statement.setObject(i + 1, parameters[i]);
      }
      List<String> out = new ArrayList<>();
      try (ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
      return out;
    }
  }

  /** Every row of products as the text of its columns, in key order. */
  private static List<String> products(Connection c, String schema) throws SQLException {
    return strings(c, "SELECT ROW(" + COLUMNS + ")::text FROM " + schema + ".products ORDER BY id");
  }

  /** Every row of a table (a FROM item) as the text of its columns, sorted. */
  private static List<String> rows(Connection c, String from) throws SQLException {
    return strings(c, "SELECT ROW(t.*)::text FROM " + from + " t ORDER BY 1");
  }

  /** Each column's type as PostgreSQL spells it, the schema's own name taken out. */
  private static List<String> columnTypes(Connection c, String schema) throws SQLException {
    return strings(
        c,
        "SELECT attname || ' ' || replace(format_type(atttypid, atttypmod), ? || '.', '')"
            + " || CASE WHEN attnotnull THEN ' NOT NULL' ELSE '' END"
            + " || CASE WHEN attgenerated <> '' THEN ' GENERATED ' || pg_get_expr(adbin, adrelid)"
            + " ELSE '' END FROM pg_attribute LEFT JOIN pg_attrdef ON adrelid = attrelid"
            + " AND adnum = attnum WHERE attrelid = (? || '.products')::regclass AND attnum > 0"
            + " AND NOT attisdropped ORDER BY attnum",
        schema,
        schema);
  }

  /** The tables' indexes but the primary key, by name, as PostgreSQL prints them. */
  private static List<String> indexes(Connection c, String schema) throws SQLException {
    return strings(
        c,
        "SELECT i.relname || ' ' || replace(pg_get_indexdef(x.indexrelid), ? || '.', '')"
            + " FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid"
            + " WHERE x.indrelid = (? || '.products')::regclass AND NOT x.indisprimary"
            + " ORDER BY 1",
        schema,
        schema);
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = PostgresWholeSchemaIT.class.getResourceAsStream("/shop/" + name)) {
      assertThat(in).as("test resource shop/" + name).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static Map<String, Object> validation(String id, String table) {
    JsonPath migration =
        Operator.given().get("/migrations/{id}", id).then().statusCode(200).extract().jsonPath();
    Map<String, Object> v = migration.getMap("tables.find { it.sourceTable == '" + table + "' }");
    assertThat(v).as("table %s", table).isNotNull();
    @SuppressWarnings("unchecked")
    Map<String, Object> latest = (Map<String, Object>) v.get("validation");
    return latest == null ? Map.of() : latest;
  }

  @Test
  @DisplayName(
      "A PostgreSQL schema's types (enum, domains, composite, range, tsvector, interval, money,"
          + " inet, bit, point, xml, multirange) are kept and its rows validate MATCH; its"
          + " trigger fires for the application after the switch, not for apply before it")
  void aSchemaArrivesWithItsTypesAndWorksAfterTheSwitch() throws Exception {
    TestInfrastructure infra = TestInfrastructure.get();
    String sourceDb = infra.createDatabase("shop_legacy");
    try (Connection c = infra.connect(sourceDb);
        Statement st = c.createStatement()) {
      st.execute(resource("schema.sql"));
    }

    String id = "shop-" + UUID.randomUUID().toString().substring(0, 6);
    CutoverApi.submit(
        """
        migration: %s
        sources:
          - name: shop
            kind: postgres
            url: %s
            schemas: { shop: %s }
        cutover:
          timeouts: { freeze: 10s, drain: 60s, validate: 120s }
        """
            .formatted(id, infra.sourceUrl(sourceDb), TARGET));
    CutoverApi.awaitState(id, "REPLICATING", WAIT);

    try (Connection source = infra.connect(sourceDb);
        Connection target = target()) {
      // every column keeps its type: the domains, the composite and range types by their names
      assertThat(columnTypes(target, TARGET))
          .containsExactlyElementsOf(columnTypes(source, "shop"))
          .contains(
              "quantity positive_int NOT NULL",
              "weight_lb numeric GENERATED round((weight_kg * 2.2046), 2)",
              "ship_to address",
              "prices price_range",
              "search tsvector",
              "lead_time interval",
              "flags bit(8)",
              "bits bit varying(16)",
              "ids int4multirange");
      await()
          .atMost(WAIT)
          .pollInterval(Duration.ofMillis(500))
          .untilAsserted(
              () ->
                  assertThat(products(target, TARGET))
                      .as("after the snapshot")
                      .containsExactlyElementsOf(products(source, "shop")));
    }

    OffsetDateTime changedAt;
    try (Connection c = infra.connect(sourceDb);
        Statement st = c.createStatement()) {
      for (String change : CHANGES) {
        assertThat(st.executeUpdate(change)).as(change).isPositive();
      }
      // the source's rule routes it into the inheriting table
      st.execute("INSERT INTO shop.payments VALUES (3, '2025-06-06', 9)");
      changedAt = OffsetDateTime.now();
    }
    try (Connection source = infra.connect(sourceDb);
        Connection target = target()) {
      await()
          .atMost(WAIT)
          .pollInterval(Duration.ofMillis(500))
          .untilAsserted(
              () ->
                  assertThat(products(target, TARGET))
                      .as("after the changes (apply writes what the source's trigger wrote)")
                      .containsExactlyElementsOf(products(source, "shop")));
      assertThat(strings(target, "SELECT count(*) FROM " + TARGET + ".products"))
          .containsExactly("3");
      await()
          .atMost(WAIT)
          .pollInterval(Duration.ofMillis(500))
          .untilAsserted(
              () -> {
                for (String table : OTHER_TABLES) {
                  assertThat(rows(target, table.formatted(TARGET)))
                      .as(table)
                      .containsExactlyElementsOf(rows(source, table.formatted("shop")))
                      .isNotEmpty();
                }
              });
      assertThat(rows(target, "ONLY " + TARGET + ".payments_2025"))
          .containsExactly(
              "(1,2025-02-02,4.00,parent-key)",
              "(2,2025-03-03,8.00,)",
              "(3,2025-06-06,9.00,)",
              "(5,2025-02-05,3.00,)");
      assertThat(rows(target, "ONLY " + TARGET + ".payments"))
          .containsExactly("(1,2024-12-31,6.00)");
      // the application's queries answer alike on both sides before the switch
      for (String query :
          List.of(
              "SELECT string_agg(f::text, ',') FROM %s.find('kettle water') f",
              "SELECT string_agg(id || ':' || name, ',' ORDER BY id) FROM %s.in_stock",
              "SELECT %s.total_quantity(quantity) FROM %s.products",
              "SELECT string_agg(id::text, ',' ORDER BY id) FROM %s.products"
                  + " WHERE search @@ to_tsquery('english', 'lamp | porcelain')",
              "SELECT string_agg(id::text, ',' ORDER BY id) FROM %s.products"
                  + " WHERE host << inet '192.168.0.0/16' OR location <@ box '((-10,-10),(0,10))'")) {
        assertThat(strings(target, query.replace("%s", TARGET)))
            .as(query)
            .containsExactlyElementsOf(strings(source, query.replace("%s", "shop")))
            .doesNotContainNull();
      }
    }

    await()
        .atMost(WAIT)
        .pollInterval(Duration.ofSeconds(1))
        .untilAsserted(
            () -> {
              for (String table : List.of("products", "orders", "payments", "payments_2025")) {
                Map<String, Object> v = validation(id, table);
                assertThat(v.get("status")).as("validation of %s: %s", table, v).isEqualTo("MATCH");
                assertThat(OffsetDateTime.parse((String) v.get("at"))).isAfter(changedAt);
              }
            });
    JsonPath deep = CutoverApi.deepValidation(id, Map.of(), WAIT);
    assertThat(deep.getString("error")).as(deep.prettify()).isNull();
    assertThat(deep.getList("results.status", String.class)).containsOnly("MATCH");

    // from here an application writes to the partitioned and the inheriting tables up to the
    // cutover's freeze: the cutover's verification at its position and its final gate match them
    HierarchyWriter writer =
        new HierarchyWriter(
            () -> {
              try {
                return infra.connect(sourceDb);
              } catch (SQLException e) {
                throw new IllegalStateException(e);
              }
            });
    writer.start();
    await().atMost(WAIT).until(() -> writer.writes() > 100 || writer.refused() != null);
    assertThat(writer.refused()).as("the writer before the cutover").isNull();

    CutoverApi.cutover(id, "the shop moves to the unified database");
    JsonPath cutover = CutoverApi.awaitOutcome(id, WAIT);
    writer.stop();
    assertThat(cutover.getString("outcome")).as(cutover.prettify()).isEqualTo("cut_over");
    assertThat(writer.refused()).as("the writer, stopped by the freeze").isNotNull();
    // every row the writer wrote before the freeze, in the table (and partition) it went to
    try (Connection source = infra.connect(sourceDb);
        Connection target = target()) {
      for (String table : OTHER_TABLES) {
        assertThat(rows(target, table.formatted(TARGET)))
            .as("%s after the cutover (%d writes)", table, writer.writes())
            .containsExactlyElementsOf(rows(source, table.formatted("shop")))
            .hasSizeGreaterThan(5);
      }
    }

    // finalize built every index as the source defines it: GiST, expression, partial
    try (Connection source = infra.connect(sourceDb);
        Connection target = target()) {
      assertThat(indexes(target, TARGET))
          .containsExactlyElementsOf(indexes(source, "shop"))
          .anySatisfy(d -> assertThat(d).endsWith("USING gist (search)"))
          .anySatisfy(d -> assertThat(d).contains("(lower(name))"))
          .anySatisfy(d -> assertThat(d).startsWith("products_stocked").contains(" WHERE "));
    }
    // the partitioned table arrived partitioned, each row in the partition the source has it in
    try (Connection source = infra.connect(sourceDb);
        Connection target = target()) {
      for (String query :
          List.of(
              "SELECT c.relname || ' ' || c.relkind::text || ' '"
                  + " || coalesce(pg_get_partkeydef(c.oid), pg_get_expr(c.relpartbound, c.oid))"
                  + " FROM pg_class c WHERE c.relnamespace = '%s'::regnamespace"
                  + " AND (c.relkind = 'p' OR c.relispartition) ORDER BY 1",
              "SELECT (SELECT relname FROM pg_class WHERE oid = o.tableoid) || ':' || o.id"
                  + " FROM %s.orders o ORDER BY o.id")) {
        assertThat(strings(target, query.replace("%s", TARGET)))
            .as(query)
            .containsExactlyElementsOf(strings(source, query.replace("%s", "shop")))
            .isNotEmpty();
      }
      assertThat(
              strings(
                  target,
                  "SELECT relkind::text FROM pg_class WHERE oid = '"
                      + TARGET
                      + ".orders'::regclass"))
          .containsExactly("p");
    }
    // pg_dump --schema-only of both schemas: the same, owners and grants aside (once the source's
    // replica identities are restored: capture stops after the switch)
    await()
        .atMost(WAIT)
        .pollInterval(Duration.ofSeconds(1))
        .untilAsserted(
            () -> {
              List<String> sourceDump = SchemaDump.of(infra, sourceDb, "shop", "shop");
              List<String> targetDump = SchemaDump.of(infra, database, TARGET, "shop");
              List<String> missing = new ArrayList<>(sourceDump);
              missing.removeAll(targetDump);
              List<String> extra = new ArrayList<>(targetDump);
              extra.removeAll(sourceDump);
              assertThat(missing)
                  .as("statements only the source's dump has (the target's instead: %s)", extra)
                  .isEmpty();
              assertThat(extra).as("statements only the target's dump has").isEmpty();
            });
    // the materialized view, refreshed after the switch, holds what the tables hold
    String byMood =
        "SELECT string_agg(coalesce(mood::text, '-') || '=' || total, ',' ORDER BY mood::text)"
            + " FROM (%s) v";
    try (Connection target = target()) {
      await()
          .atMost(WAIT)
          .pollInterval(Duration.ofMillis(500))
          .ignoreExceptions()
          .untilAsserted(
              () ->
                  assertThat(
                          strings(
                              target,
                              byMood.formatted("SELECT * FROM " + TARGET + ".stock_by_mood")))
                      .containsExactlyElementsOf(
                          strings(
                              target,
                              byMood.formatted(
                                  "SELECT mood, sum(quantity)::bigint AS total FROM "
                                      + TARGET
                                      + ".products GROUP BY mood")))
                      .doesNotContainNull());
      st(target, "ALTER ROLE " + TARGET + " PASSWORD 'shop-target'");
    }
    try (Connection app = DriverManager.getConnection(jdbcUrl, TARGET, "shop-target");
        Statement st = app.createStatement()) {
      // the application's own write fires its trigger on the target: the search column follows
      st.execute(
          "INSERT INTO shop_app.products (id, name, description, quantity)"
              + " VALUES (5, 'Copper lamp', 'a bright desk light', 6)");
      assertThat(strings(app, "SELECT string_agg(f::text, ',') FROM shop_app.find('lamp') f"))
          .containsExactly("4,5");
      assertThat(
              strings(
                  app,
                  "SELECT updated_at > now() - interval '1 minute' FROM shop_app.products"
                      + " WHERE id = 5"))
          .containsExactly("t");
      // the source's rule, made on the target, routes the application's insert as it did there
      st.execute("INSERT INTO shop_app.payments VALUES (4, '2025-09-09', 1)");
      assertThat(strings(app, "SELECT count(*) FROM ONLY shop_app.payments_2025 WHERE id = 4"))
          .containsExactly("1");
      // the domain's CHECK holds on the target as on the source
      assertThatThrownBy(
              () ->
                  st.execute(
                      "INSERT INTO shop_app.products (id, name, quantity) VALUES (6, 'x', 0)"))
          .hasMessageContaining("positive");
    }
  }

  private static void st(Connection c, String sql) throws SQLException {
    try (Statement st = c.createStatement()) {
      st.execute(sql);
    }
  }
}
