package io.tributary.source.postgres.catalog;

import io.tributary.common.catalog.EnumDef;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Looks up the types of a PostgreSQL source's columns by oid (with their element and domain base
 * types) and the user-defined types to re-create in the target — enums, and the domains, composite
 * and range types {@link PostgresUserTypeReader} reads — each once per catalog read, each after the
 * types it is made of.
 */
final class PostgresTypeReader {
  private final Connection connection;
  private final Map<String, String> schemas;
  private final Map<Long, PostgresType> types = new HashMap<>();
  private final Map<Long, EnumDef> enums = new LinkedHashMap<>();
  private final Map<Long, Optional<PostgresUserType>> userTypes = new LinkedHashMap<>();
  private final PostgresUserTypeReader definitions;

  /**
   * @param connection an open connection to the source database (left open)
   * @param schemas source schema to target schema
   */
  PostgresTypeReader(Connection connection, Map<String, String> schemas) {
    this.connection = connection;
    this.schemas = schemas;
    this.definitions = new PostgresUserTypeReader(connection, this);
  }

  /** The domains, composite and range types to make in the target, each after what it uses. */
  List<PostgresUserType> userTypes() {
    return userTypes.values().stream().flatMap(Optional::stream).toList();
  }

  /**
   * The target schema of a user-defined type (enum, domain, composite, range, multirange): its own
   * schema's target, else the table's; recorded to be made there. Null when it cannot be made there
   * ({@link PostgresUserTypeReader} says why in {@code warnings}).
   *
   * @param tableTarget the target schema of the table whose column uses it
   */
  String targetSchema(PostgresType type, String tableTarget, List<String> warnings)
      throws SQLException {
    if (type.kind() == 'e') {
      return enumTarget(type, tableTarget).targetSchema();
    }
    if (type.kind() == 'm') {
      PostgresType range = type(definitions.rangeOf(type));
      return targetSchema(range, tableTarget, warnings);
    }
    Optional<PostgresUserType> known = userTypes.get(type.oid());
    if (known == null) {
      String target = schemas.getOrDefault(type.schema(), tableTarget);
      userTypes.put(type.oid(), Optional.empty()); // not yet made: a type cannot contain itself
      known = Optional.ofNullable(definitions.read(type, target, warnings));
      userTypes.remove(type.oid()); // re-added after the types it uses
      userTypes.put(type.oid(), known);
    }
    return known.map(PostgresUserType::targetSchema).orElse(null);
  }

  /**
   * The mapper's view of {@link #targetSchema}: SQL failures are collected in {@code failures} (the
   * mapper's function cannot throw them), the caller rethrowing the first.
   */
  Function<PostgresType, String> targets(
      String tableTarget, List<String> warnings, List<SQLException> failures) {
    return type -> {
      try {
        return targetSchema(type, tableTarget, warnings);
      } catch (SQLException e) {
        failures.add(e);
        return tableTarget;
      }
    };
  }

  /** The enum types looked up so far, in the order first met. */
  List<EnumDef> enums() {
    return new ArrayList<>(enums.values());
  }

  /** The enum's definition in the target: in its own schema's target, else the table's. */
  EnumDef enumTarget(PostgresType type, String tableTarget) throws SQLException {
    EnumDef known = enums.get(type.oid());
    if (known != null) {
      return known;
    }
    List<String> labels = new ArrayList<>();
    try (PreparedStatement st = connection.prepareStatement(PostgresCatalogQueries.ENUM_LABELS)) {
      st.setLong(1, type.oid());
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          labels.add(rs.getString(1));
        }
      }
    }
    EnumDef def =
        new EnumDef(
            type.schema(),
            type.name(),
            schemas.getOrDefault(type.schema(), tableTarget),
            type.name(),
            labels);
    enums.put(type.oid(), def);
    return def;
  }

  /** The type of an oid, with its element type (arrays) and base type (domains). */
  PostgresType type(long oid) throws SQLException {
    PostgresType known = types.get(oid);
    if (known != null) {
      return known;
    }
    String schema;
    String name;
    char kind;
    char category;
    long element;
    long base;
    int baseTypmod;
    try (PreparedStatement st = connection.prepareStatement(PostgresCatalogQueries.TYPE)) {
      st.setLong(1, oid);
      try (ResultSet rs = st.executeQuery()) {
        if (!rs.next()) {
          throw new SQLException("no type with oid " + oid);
        }
        schema = rs.getString(1);
        name = rs.getString(2);
        kind = rs.getString(3).charAt(0);
        category = rs.getString(4).charAt(0);
        element = rs.getLong(5);
        base = rs.getLong(6);
        baseTypmod = rs.getInt(7);
      }
    }
    PostgresType type =
        new PostgresType(
            oid,
            schema,
            name,
            kind,
            category,
            category == 'A' && element != 0 ? type(element) : null,
            kind == 'd' && base != 0 ? type(base) : null,
            kind == 'd' ? baseTypmod : -1);
    types.put(oid, type);
    return type;
  }
}
