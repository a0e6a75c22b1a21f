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

/**
 * Looks up the types of a PostgreSQL source's columns by oid (with their element and domain base
 * types) and the enum types to re-create in the target, each once per catalog read.
 */
final class PostgresTypeReader {
  private final Connection connection;
  private final Map<String, String> schemas;
  private final Map<Long, PostgresType> types = new HashMap<>();
  private final Map<Long, EnumDef> enums = new LinkedHashMap<>();

  /**
   * @param connection an open connection to the source database (left open)
   * @param schemas source schema to target schema
   */
  PostgresTypeReader(Connection connection, Map<String, String> schemas) {
    this.connection = connection;
    this.schemas = schemas;
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
