package io.tributary.common.sql;

import io.tributary.common.catalog.TableDef;
import io.tributary.common.catalog.TableInheritance;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * The order provisioning makes tables in: a table kept inheriting ({@link TableInheritance}) after
 * the parents it names, which PostgreSQL needs to exist first; otherwise as given.
 */
public final class TableOrder {
  private TableOrder() {}

  /**
   * The tables in an order that makes each after the parents it inherits from ({@link
   * TableInheritance}), otherwise as given.
   */
  public static List<TableDef> parentsFirst(List<TableDef> tables) {
    Set<String> pending = new HashSet<>();
    tables.forEach(t -> pending.add(name(t.targetSchema(), t.targetTable())));
    List<TableDef> ordered = new ArrayList<>();
    List<TableDef> waiting = new ArrayList<>(tables);
    while (!waiting.isEmpty()) {
      int before = waiting.size();
      for (Iterator<TableDef> it = waiting.iterator(); it.hasNext(); ) {
        TableDef table = it.next();
        if (table.inheritance() == null
            || table.inheritance().parents().stream()
                .noneMatch(p -> pending.contains(name(table.targetSchema(), p)))) {
          ordered.add(table);
          pending.remove(name(table.targetSchema(), table.targetTable()));
          it.remove();
        }
      }
      if (waiting.size() == before) {
        ordered.addAll(waiting); // a cycle PostgreSQL would refuse: made as given, to fail there
        break;
      }
    }
    return ordered;
  }

  private static String name(String schema, String table) {
    return schema + '\0' + table;
  }
}
