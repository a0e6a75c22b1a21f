package io.tributary.source.sqlite.vtab;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The virtual tables of a SQLite file, read from their declarations without their modules, and the
 * shadow tables that store them (which are never migrated as tables of their own):
 *
 * <ul>
 *   <li>sqlite-vec {@code vec0} tables ({@link Vec0Table}) are migrated: {@link #prepare} gives a
 *       connection a TEMP view of each under its name ({@link Vec0ViewBuilder});
 *   <li>full-text tables ({@code fts3}, {@code fts4}, {@code fts5}) are not data: their content is
 *       another table's, or derived from it; one that keeps its own text can be read as a table
 *       ({@link FullTextTable}) when a plan asks to rebuild its search on the target;
 *   <li>any other virtual table ({@code rtree}, a module of an extension) is refused by name.
 * </ul>
 */
public final class SqliteVirtualTables {
  /** Full-text modules and the suffixes of their shadow tables. */
  private static final Map<String, Set<String>> FULLTEXT =
      Map.of(
          "fts3", Set.of("content", "segments", "segdir", "docsize", "stat"),
          "fts4", Set.of("content", "segments", "segdir", "docsize", "stat"),
          "fts5", Set.of("data", "idx", "content", "docsize", "config"));

  /** SQLite's R*Tree keeps its nodes here. */
  private static final Set<String> RTREE = Set.of("node", "rowid", "parent");

  private static final String DECLARATIONS =
      "SELECT name, sql FROM sqlite_schema WHERE type = 'table'"
          + " AND sql LIKE 'CREATE VIRTUAL TABLE%' ORDER BY name";

  /**
   * What a file holds.
   *
   * @param vec0 its vec0 tables that can be read
   * @param fulltext its full-text tables (read as tables only when a plan asks to rebuild them)
   * @param refused every other virtual table, and vec0 tables that cannot be read, each with why
   * @param shadows the names of the shadow tables of all of them
   */
  public record Found(
      List<Vec0Table> vec0,
      List<FullTextTable> fulltext,
      Map<String, String> refused,
      Set<String> shadows) {
    public Found {
      vec0 = List.copyOf(vec0);
      fulltext = List.copyOf(fulltext);
      refused = Map.copyOf(refused);
      shadows = Set.copyOf(shadows);
    }

    /** Whether a name is one of the file's virtual tables or their shadow tables. */
    public boolean isVirtualOrShadow(String table) {
      return shadows.contains(table)
          || refused.containsKey(table)
          || vec0.stream().anyMatch(v -> v.name().equals(table))
          || fulltext.stream().anyMatch(v -> v.name().equals(table));
    }
  }

  private SqliteVirtualTables() {}

  /** Reads the file's virtual tables and finds their shadow tables. */
  public static Found read(Connection connection) throws SQLException {
    List<VirtualTableDeclaration> declared = new ArrayList<>();
    try (PreparedStatement st = connection.prepareStatement(DECLARATIONS);
        ResultSet rs = st.executeQuery()) {
      while (rs.next()) {
        String name = rs.getString(1);
        try {
          declared.add(VirtualTableDeclaration.parse(name, rs.getString(2)));
        } catch (IllegalArgumentException e) {
          declared.add(new VirtualTableDeclaration(name, "?", List.of()));
        }
      }
    }
    if (declared.isEmpty()) {
      return new Found(List.of(), List.of(), Map.of(), Set.of());
    }
    List<String> ordinary = new ArrayList<>();
    try (PreparedStatement st =
            connection.prepareStatement(
                "SELECT name FROM sqlite_schema WHERE type = 'table'"
                    + " AND sql NOT LIKE 'CREATE VIRTUAL TABLE%'");
        ResultSet rs = st.executeQuery()) {
      while (rs.next()) {
        ordinary.add(rs.getString(1));
      }
    }
    List<Vec0Table> vec0 = new ArrayList<>();
    List<FullTextTable> fulltext = new ArrayList<>();
    Map<String, String> refused = new LinkedHashMap<>();
    Set<String> shadows = new LinkedHashSet<>();
    for (VirtualTableDeclaration table : declared) {
      String prefix = table.name() + "_";
      if (table.module().equals("vec0")) {
        try {
          Vec0Table parsed = Vec0Table.parse(table);
          ordinary.stream().filter(parsed::isShadow).forEach(shadows::add);
          List<String> bits =
              parsed.columns(Vec0Table.Kind.VECTOR).stream()
                  .filter(c -> c.type() == Vec0Table.Type.BIT)
                  .map(Vec0Table.Column::name)
                  .toList();
          if (bits.isEmpty()) {
            vec0.add(parsed);
          } else {
            refused.put(
                table.name(),
                "vec0 table '"
                    + table.name()
                    + "': "
                    + String.join(", ", bits)
                    + " "
                    + (bits.size() == 1 ? "is a bit vector" : "are bit vectors")
                    + ", which this version does not migrate yet; list it under exclude to"
                    + " migrate the rest");
          }
        } catch (IllegalArgumentException e) {
          refused.put(table.name(), e.getMessage());
          ordinary.stream().filter(n -> n.startsWith(prefix)).forEach(shadows::add);
        }
      } else if (FULLTEXT.containsKey(table.module())) {
        fulltext.add(FullTextTable.parse(table));
        Set<String> suffixes = FULLTEXT.get(table.module());
        ordinary.stream()
            .filter(n -> n.startsWith(prefix) && suffixes.contains(n.substring(prefix.length())))
            .forEach(shadows::add);
      } else {
        refused.put(
            table.name(),
            "virtual table '"
                + table.name()
                + "' (module "
                + table.module()
                + ") is not migrated: Tributary reads vec0 tables and skips full-text ones;"
                + " list it under exclude to migrate the rest, or copy its content into an"
                + " ordinary table");
        ordinary.stream()
            .filter(
                n ->
                    n.startsWith(prefix)
                        && (!table.module().startsWith("rtree")
                            || RTREE.contains(n.substring(prefix.length()))))
            .forEach(shadows::add);
      }
    }
    return new Found(vec0, fulltext, refused, shadows);
  }

  /**
   * Makes a connection read vec0 tables and full-text tables' own text: registers {@link
   * Vec0Functions} and creates the TEMP view of each ({@link Vec0ViewBuilder}, {@link
   * FullTextTable#createView}). Changes nothing in the file; does nothing when it has none.
   */
  public static void prepare(Connection connection) throws SQLException {
    Found found = read(connection);
    if (found.vec0().isEmpty() && found.fulltext().isEmpty()) {
      return;
    }
    if (!found.vec0().isEmpty()) {
      Vec0Functions.register(connection);
    }
    try (Statement st = connection.createStatement()) {
      for (Vec0Table table : found.vec0()) {
        st.execute(Vec0ViewBuilder.createView(table));
      }
      for (FullTextTable table : found.fulltext()) {
        if (table.ownContent() && found.shadows().contains(table.contentTable())) {
          st.execute(table.createView());
        }
      }
    }
  }
}
