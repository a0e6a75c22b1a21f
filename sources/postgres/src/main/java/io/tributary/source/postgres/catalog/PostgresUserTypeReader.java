package io.tributary.source.postgres.catalog;

import io.tributary.common.catalog.TargetType;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the definition of a source's domain, composite or range type and spells it for the target
 * ({@link PostgresUserTypeStatements}): the types it is made of mapped as columns are ({@link
 * PostgresTypeMapper}, which records them first through {@link PostgresTypeReader}), a domain's
 * default and CHECK constraints deparsed with its own schema alone on the search path, so that what
 * they name of that schema reads unqualified and resolves in the target schema.
 *
 * <p>Not made (null, and a warning saying why): a domain over a type that is not kept; a composite
 * type with an attribute of a user-defined type (its binary form, which the snapshot copies, names
 * each attribute's type by oid, and those differ in the target) or of a type not kept; a range type
 * with a canonical function or a difference function of its own (functions are made after the
 * tables).
 */
final class PostgresUserTypeReader {
  private final Connection connection;
  private final PostgresTypeReader types;

  PostgresUserTypeReader(Connection connection, PostgresTypeReader types) {
    this.connection = connection;
    this.types = types;
  }

  /** The range type of a multirange type. */
  long rangeOf(PostgresType multirange) throws SQLException {
    try (PreparedStatement st =
        connection.prepareStatement(PostgresCatalogQueries.MULTIRANGE_RANGE)) {
      st.setLong(1, multirange.oid());
      try (ResultSet rs = st.executeQuery()) {
        if (!rs.next()) {
          throw new SQLException("no range type has multirange " + multirange.qualifiedName());
        }
        return rs.getLong(1);
      }
    }
  }

  /** The type as made in {@code target}; null when it is not made (the warning says why). */
  PostgresUserType read(PostgresType type, String target, List<String> warnings)
      throws SQLException {
    return switch (type.kind()) {
      case 'd' -> domain(type, target, warnings);
      case 'c' -> composite(type, target, warnings);
      case 'r' -> range(type, target, warnings);
      default -> null;
    };
  }

  private PostgresUserType domain(PostgresType type, String target, List<String> warnings)
      throws SQLException {
    PostgresTypeMapper.Mapping base = map(type.base(), type.baseTypmod(), target, warnings);
    if (base.fallback() != null) {
      warnings.add(
          "domain "
              + type.qualifiedName()
              + " is not made in the target (its base "
              + base.fallback()
              + "); its columns are of the base type, without its constraints");
      return null;
    }
    try (SourceSearchPath path = new SourceSearchPath(connection);
        PreparedStatement st = connection.prepareStatement(PostgresCatalogQueries.DOMAIN)) {
      path.only(type.schema());
      st.setLong(1, type.oid());
      try (ResultSet rs = st.executeQuery()) {
        if (!rs.next()) {
          throw new SQLException("no domain with oid " + type.oid());
        }
        List<String> checks = new ArrayList<>();
        Array array = rs.getArray(4);
        for (Object check : (Object[]) array.getArray()) {
          checks.add((String) check);
        }
        String create =
            PostgresUserTypeStatements.domain(
                target,
                type.name(),
                base.targetSql(),
                rs.getString(3),
                rs.getString(2),
                rs.getBoolean(1),
                checks);
        return new PostgresUserType("domain", type.schema(), type.name(), target, create);
      }
    }
  }

  private PostgresUserType composite(PostgresType type, String target, List<String> warnings)
      throws SQLException {
    record Attribute(String name, long oid, int typmod, String collation) {}
    List<Attribute> read = new ArrayList<>();
    try (PreparedStatement st =
        connection.prepareStatement(PostgresCatalogQueries.COMPOSITE_ATTRIBUTES)) {
      st.setLong(1, type.oid());
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          read.add(new Attribute(rs.getString(1), rs.getLong(2), rs.getInt(3), rs.getString(4)));
        }
      }
    }
    List<String> attributes = new ArrayList<>();
    for (Attribute a : read) {
      PostgresType attributeType = types.type(a.oid());
      if (userDefined(attributeType)) {
        warnings.add(
            "composite type "
                + type.qualifiedName()
                + " is not made in the target: its attribute "
                + a.name()
                + " is of the user-defined type "
                + attributeType.qualifiedName()
                + ", which its binary form names by an oid the target does not share");
        return null;
      }
      PostgresTypeMapper.Mapping mapping = map(attributeType, a.typmod(), target, warnings);
      if (mapping.fallback() != null) {
        warnings.add(
            "composite type "
                + type.qualifiedName()
                + " is not made in the target: its attribute "
                + a.name()
                + "'s "
                + mapping.fallback());
        return null;
      }
      attributes.add(
          PostgresUserTypeStatements.attribute(a.name(), mapping.targetSql(), a.collation()));
    }
    return new PostgresUserType(
        "composite type",
        type.schema(),
        type.name(),
        target,
        PostgresUserTypeStatements.composite(target, type.name(), attributes));
  }

  private PostgresUserType range(PostgresType type, String target, List<String> warnings)
      throws SQLException {
    try (PreparedStatement st = connection.prepareStatement(PostgresCatalogQueries.RANGE)) {
      st.setLong(1, type.oid());
      try (ResultSet rs = st.executeQuery()) {
        if (!rs.next()) {
          throw new SQLException("no range type with oid " + type.oid());
        }
        if (rs.getBoolean(4) || !rs.getBoolean(6)) {
          warnings.add(
              "range type "
                  + type.qualifiedName()
                  + " is not made in the target: it has a canonical or difference function of"
                  + " its own");
          return null;
        }
        PostgresTypeMapper.Mapping subtype = map(types.type(rs.getLong(1)), -1, target, warnings);
        if (subtype.fallback() != null || subtype.type() == TargetType.ARRAY) {
          warnings.add(
              "range type "
                  + type.qualifiedName()
                  + " is not made in the target: its subtype is not kept");
          return null;
        }
        String create =
            PostgresUserTypeStatements.range(
                target,
                type.name(),
                subtype.targetSql(),
                rs.getString(2),
                rs.getString(3),
                rs.getString(5),
                rs.getString(7));
        return new PostgresUserType("range type", type.schema(), type.name(), target, create);
      }
    }
  }

  private PostgresTypeMapper.Mapping map(
      PostgresType type, int typmod, String target, List<String> warnings) throws SQLException {
    List<SQLException> failures = new ArrayList<>();
    PostgresTypeMapper.Mapping mapping =
        PostgresTypeMapper.map(type, typmod, types.targets(target, warnings, failures));
    if (!failures.isEmpty()) {
      throw failures.get(0);
    }
    return mapping;
  }

  /** Whether the type's oid is one of this database's own (user-defined, or an extension's). */
  private static boolean userDefined(PostgresType type) {
    return type.oid() >= PostgresType.FIRST_NORMAL_OID;
  }
}
