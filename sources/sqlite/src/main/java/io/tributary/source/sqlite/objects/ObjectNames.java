package io.tributary.source.sqlite.objects;

import io.tributary.common.catalog.TableDef;
import io.tributary.common.naming.Identifiers;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The names a view or a trigger of a SQLite file may read, as the target spells them: the migrated
 * tables (with their target schemas, tables and columns, which the plan may have renamed), the
 * file's views (made in the source's schema under their own names), and the names that are not
 * migrated, each with why. SQLite compares names case-insensitively; so does this.
 */
final class ObjectNames {
  private final Map<String, TableDef> tables = new HashMap<>();
  private final Map<String, String> views = new HashMap<>();
  private final Map<String, String> notMigrated = new HashMap<>();
  private final String viewSchema;

  /**
   * @param tables the migrated tables
   * @param views the file's views, by name
   * @param notMigrated the file's tables that are not migrated (excluded, full-text, refused), with
   *     why
   * @param viewSchema the target schema the views are made in
   */
  ObjectNames(
      List<TableDef> tables,
      Set<String> views,
      Map<String, String> notMigrated,
      String viewSchema) {
    tables.forEach(t -> this.tables.put(key(t.sourceTable()), t));
    views.forEach(v -> this.views.put(key(v), v));
    notMigrated.forEach((name, why) -> this.notMigrated.put(key(name), why));
    this.viewSchema = viewSchema;
  }

  static String key(String name) {
    return name.toLowerCase(Locale.ROOT);
  }

  /** The migrated table of that name; null when none is. */
  TableDef table(String name) {
    return tables.get(key(name));
  }

  /** The view of that name as the file spells it; null when the file has none. */
  String view(String name) {
    return views.get(key(name));
  }

  /** The view, qualified and quoted in the target. */
  String targetView(String view) {
    return Identifiers.qualified(viewSchema, view);
  }

  /** The schema the views are made in. */
  String viewSchema() {
    return viewSchema;
  }

  /**
   * Why a name that is no migrated table and no view is not read on the target.
   *
   * @param what what reads it ({@code reads}, {@code writes})
   */
  String missing(String name, String what) {
    String why = notMigrated.get(key(name));
    return why == null
        ? what + " '" + name + "', which is no table or view of the file"
        : what + " '" + name + "', " + why;
  }
}
