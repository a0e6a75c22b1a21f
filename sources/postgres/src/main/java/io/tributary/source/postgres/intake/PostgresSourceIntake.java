package io.tributary.source.postgres.intake;

import io.tributary.common.catalog.CatalogException;
import io.tributary.common.catalog.IndexDef;
import io.tributary.common.catalog.PostgresForeignKey;
import io.tributary.common.catalog.PostgresSequence;
import io.tributary.common.catalog.TableDef;
import io.tributary.common.plan.PlanError;
import io.tributary.common.plan.PostgresUrl;
import io.tributary.common.plan.SourceSpec;
import io.tributary.common.plan.TableRule;
import io.tributary.common.sql.FinalizeStatementBuilder;
import io.tributary.common.sql.FinalizeStep;
import io.tributary.common.sql.SchemaRoleDdlBuilder;
import io.tributary.common.sql.TableDdlBuilder;
import io.tributary.source.postgres.capture.PostgresCaptureRequirements;
import io.tributary.source.postgres.catalog.PostgresCatalog;
import io.tributary.source.postgres.catalog.PostgresCatalogReader;
import io.tributary.source.postgres.catalog.PostgresCatalogRules;
import io.tributary.source.postgres.catalog.PostgresConstraintReader;
import io.tributary.source.postgres.catalog.PostgresUserTypeStatements;
import io.tributary.source.postgres.extensions.PostgresExtensionReader;
import io.tributary.source.postgres.extensions.PostgresExtensionStatementBuilder;
import io.tributary.source.postgres.extensions.RequiredExtension;
import io.tributary.source.postgres.objects.PostgresIndexDefinitions;
import io.tributary.source.postgres.objects.PostgresObjectReader;
import io.tributary.source.postgres.objects.PostgresObjectStatements;
import io.tributary.source.postgres.objects.PostgresRowSecurityCheck;
import io.tributary.source.spi.intake.FullTextRules;
import io.tributary.source.spi.intake.IndexSteps;
import io.tributary.source.spi.intake.RowIdentityResolver;
import io.tributary.source.spi.intake.SchemaObject;
import io.tributary.source.spi.intake.SchemaObjectStatements;
import io.tributary.source.spi.intake.SourceCatalog;
import io.tributary.source.spi.intake.SourceConnectionException;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one PostgreSQL source of a plan: connects with the plan's URL, checks that capture can run
 * there and may read the mapped schemas and tables ({@link PostgresCaptureRequirements}), reads the
 * mapped schemas' catalog ({@link PostgresCatalogReader}), drops the excluded tables and checks the
 * rest ({@link PostgresCatalogRules}), applies the plan's per-table rules and row identities
 * ({@link PostgresTableRules}), and builds the DDL that creates its target schemas, enum types and
 * tables. Every problem becomes a {@link PlanError} naming the plan's field; the catalog's warnings
 * are logged. Reads the source; writes nothing.
 */
public class PostgresSourceIntake {
  private static final Logger LOG = LoggerFactory.getLogger(PostgresSourceIntake.class);

  private final PostgresSourceConnector connector;

  public PostgresSourceIntake(PostgresSourceConnector connector) {
    this.connector = connector;
  }

  /**
   * What was read of a source.
   *
   * @param catalog its tables and DDL, null when nothing could be read
   * @param errors every problem found, each naming its field; empty when it can be migrated
   */
  public record Outcome(SourceCatalog catalog, List<PlanError> errors) {
    public Outcome {
      errors = List.copyOf(errors);
    }
  }

  /**
   * Reads and checks a source.
   *
   * @param migration the migration, for topic names
   * @param source the source as validated (URL parsable, schemas filled in)
   * @param path its field path, {@code sources[i]}
   * @param schemaField {@code schema} when the plan gave no {@code schemas} mapping, else {@code
   *     schemas}: which field errors about a source schema name
   */
  public Outcome read(String migration, SourceSpec source, String path, String schemaField) {
    String urlField = path + ".url";
    PostgresUrl url;
    try {
      url = PostgresUrl.parse(source.url());
    } catch (IllegalArgumentException e) {
      return new Outcome(null, List.of(new PlanError(urlField, e.getMessage())));
    }
    List<PlanError> errors = new ArrayList<>();
    try (Connection connection = connector.open(url)) {
      PostgresCaptureRequirements.Observed observed = requirements(connection);
      for (String problem : PostgresCaptureRequirements.problems(observed, url.toString())) {
        errors.add(new PlanError(urlField, problem));
      }
      List<String> schemaNames = new ArrayList<>(source.schemas().keySet());
      Array schemas = connection.createArrayOf("text", schemaNames.toArray());
      List<String> unusable =
          names(connection, PostgresCaptureRequirements.SCHEMAS_WITHOUT_USAGE, schemas);
      for (String schema : unusable) {
        errors.add(
            new PlanError(
                PostgresCatalogRules.schemaField(path, schemaField, schema),
                PostgresCaptureRequirements.schemaWithoutUsage(schema, observed.user())));
      }
      if (!unusable.isEmpty()) {
        return new Outcome(null, errors); // its catalog cannot be read
      }
      PostgresCatalog catalog =
          PostgresCatalogReader.read(connection, migration, source.name(), source.schemas());
      PostgresCatalogRules.Checked checked =
          PostgresCatalogRules.check(source, catalog, path, schemaField);
      errors.addAll(checked.errors());
      PostgresCatalog kept = checked.kept();
      List<String> unreadable =
          names(connection, PostgresCaptureRequirements.TABLES_WITHOUT_SELECT, schemas);
      for (TableDef table : kept.tables()) {
        if (unreadable.contains(table.sourceSchema() + '\0' + table.sourceTable())) {
          errors.add(
              new PlanError(
                  urlField,
                  PostgresCaptureRequirements.tableWithoutSelect(
                      table.sourceSchema(), table.sourceTable(), observed.user())));
        }
      }
      kept.warnings()
          .forEach(w -> LOG.warn("Migration '{}', source {}: {}", migration, source.name(), w));
      Map<String, List<IndexDef>> indexes =
          PostgresConstraintReader.indexes(connection, schemaNames, kept.tables());
      PostgresTableRules.Shaped shaped =
          InheritedTables.kept(
              PartitionedTables.kept(
                  PostgresTableRules.apply(
                      migration, source, path, kept.tables(), kept.enums(), indexes, errors)),
              kept);
      shaped
          .notes()
          .forEach(n -> LOG.info("Migration '{}', source {}: {}", migration, source.name(), n));
      Map<String, List<PostgresForeignKey>> foreignKeys =
          PostgresConstraintReader.foreignKeys(connection, schemaNames, shaped.tables());
      List<PostgresSequence> sequences = sequences(kept.sequences(), shaped.tables());
      // full-text search: a tsvector column among the extras, a GIN index after the source's own
      Map<String, TableRule> rules = new HashMap<>();
      for (TableDef table : shaped.tables()) {
        TableRule rule = source.tables().get(table.sourceSchema() + "." + table.sourceTable());
        if (rule == null) {
          rule = source.tables().get(table.sourceTable());
        }
        if (rule != null) {
          rules.put(table.sourceTable(), rule);
        }
      }
      FullTextRules.Applied fulltext =
          FullTextRules.apply(
              path,
              rules,
              shaped.tables(),
              Map.of(),
              GeneratedColumnExtras.withGenerated(kept, shaped, path, errors),
              FinalizeStatementBuilder.steps(
                  shaped.tables(), shaped.extras(), indexes, foreignKeys, sequences),
              errors);
      List<String> ddl =
          new ArrayList<>(
              TableDdlBuilder.provisionIsolated(
                  source.targetSchemas(),
                  shaped.enums(),
                  PostgresUserTypeStatements.inTarget(kept.userTypes()),
                  shaped.tables(),
                  fulltext.extras()));
      for (PostgresSequence sequence : sequences) {
        ddl.add(SchemaRoleDdlBuilder.actAs(sequence.targetSchema()));
        ddl.add(sequence.createStatement());
        ddl.add(SchemaRoleDdlBuilder.RESUME);
      }
      List<String> own = source.schemas().values().stream().distinct().toList();
      ddl.addAll(
          SchemaRoleDdlBuilder.shareWithOwners(
              own, source.targetSchemas().stream().filter(s -> !own.contains(s)).toList()));
      List<String> notes = new ArrayList<>(kept.warnings());
      kept.userTypes().forEach(t -> notes.add(t.note()));
      notes.addAll(shaped.notes());
      sequences.forEach(
          q ->
              notes.add(
                  "sequence "
                      + q.sourceSchema()
                      + "."
                      + q.sourceName()
                      + " is created as "
                      + q.targetSql()
                      + " and set past the highest value drawn from it at finalize"));
      shaped.tables().stream()
          .filter(TableDef::wholeRow)
          .forEach(
              t ->
                  notes.add(
                      RowIdentityResolver.wholeRowNote(
                          t, "its replica identity is FULL while it is captured")));
      // the schema's functions, views, triggers, rules and comments: made with the tables, each in
      // its own subtransaction (a failure is left to finalize, which reports it)
      PostgresObjectReader.Objects objects =
          PostgresObjectReader.read(connection, source.schemas(), shaped.tables());
      // the indexes an IndexDef cannot hold (expressions, predicates, GIN/GiST/BRIN, operator
      // classes, collations, order, INCLUDE): built at finalize from the source's own definition
      PostgresIndexDefinitions.Indexes fullIndexes =
          PostgresIndexDefinitions.read(connection, source.schemas(), shaped.tables());
      notes.addAll(fullIndexes.notes());
      List<FinalizeStep> steps =
          new ArrayList<>(IndexSteps.insert(fulltext.finalizeSteps(), fullIndexes.steps()));
      List<SchemaObject> made = new ArrayList<>(objects.objects());
      made.addAll(objects.grants()); // after every object: on the objects they grant
      SchemaObjectStatements.steps(made, steps, notes);
      // the extensions they need: checked against the target and made there first where it lacks
      // them (the orchestrator's), before any object
      List<SchemaObject> all = new ArrayList<>();
      for (RequiredExtension e :
          PostgresExtensionReader.read(connection, schemaNames, shaped.tables())) {
        SchemaObject extension = PostgresExtensionStatementBuilder.object(e, schemaNames);
        if (extension != null) {
          notes.add(extension.note());
          all.add(extension);
        }
      }
      all.addAll(objects.objects());
      for (String problem :
          PostgresRowSecurityCheck.problems(connection, schemaNames, shaped.tables())) {
        errors.add(new PlanError(urlField, problem));
      }
      for (String view : objects.refreshes()) {
        steps.add(
            new FinalizeStep(
                FinalizeStep.Kind.REFRESH, view, PostgresObjectStatements.refresh(view), null));
      }
      return new Outcome(
          new SourceCatalog(source, shaped.tables(), ddl, notes, steps, all), errors);
    } catch (SourceConnectionException e) {
      errors.add(new PlanError(urlField, e.getMessage()));
    } catch (CatalogException e) {
      errors.add(new PlanError(urlField, redact(e.getMessage(), url)));
    } catch (SQLException e) {
      errors.add(
          new PlanError(
              urlField,
              "cannot read from PostgreSQL source " + url + ": " + redact(e.getMessage(), url)));
    }
    return new Outcome(null, errors);
  }

  /** The sequences the shaped tables' columns still draw from (a column rule may replace one). */
  private static List<PostgresSequence> sequences(
      List<PostgresSequence> sequences, List<TableDef> tables) {
    return sequences.stream()
        .filter(q -> tables.stream().anyMatch(t -> t.columns().stream().anyMatch(q::feeds)))
        .toList();
  }

  private static PostgresCaptureRequirements.Observed requirements(Connection connection)
      throws SQLException {
    try (Statement st = connection.createStatement();
        ResultSet rs = st.executeQuery(PostgresCaptureRequirements.QUERY)) {
      if (!rs.next()) {
        throw new SQLException("the connected user is not in pg_roles");
      }
      return new PostgresCaptureRequirements.Observed(
          rs.getString(1), rs.getString(2), rs.getBoolean(3), rs.getBoolean(4));
    }
  }

  /** The rows of a query with one array parameter, their columns joined by NUL. */
  private static List<String> names(Connection connection, String sql, Array parameter)
      throws SQLException {
    List<String> out = new ArrayList<>();
    try (PreparedStatement st = connection.prepareStatement(sql)) {
      st.setArray(1, parameter);
      try (ResultSet rs = st.executeQuery()) {
        int columns = rs.getMetaData().getColumnCount();
        while (rs.next()) {
          StringBuilder row = new StringBuilder(rs.getString(1));
          for (int c = 2; c <= columns; c++) {
            row.append('\0').append(rs.getString(c));
          }
          out.add(row.toString());
        }
      }
    }
    return out;
  }

  private static String redact(String message, PostgresUrl url) {
    String text = String.valueOf(message);
    return url.password() == null || url.password().isEmpty()
        ? text
        : text.replace(url.password(), "***");
  }
}
