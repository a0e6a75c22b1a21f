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
    List<TableDef> ordered = new ArrayList<>();
    Set<String> made = new HashSet<>();
    List<TableDef> waiting = new ArrayList<>(tables);
    while (!waiting.isEmpty()) {
      boolean progress = false;
      for (Iterator<TableDef> it = waiting.iterator(); it.hasNext(); ) {
        TableDef table = it.next();
        boolean ready =
            table.inheritance() == null
                || table.inheritance().parents().stream()
                    .allMatch(
                        p ->
                            made.contains(table.targetSchema() + '\0' + p)
                                || waiting.stream()
                                    .noneMatch(
                                        w ->
                                            w.targetSchema().equals(table.targetSchema())
                                                && w.targetTable().equals(p)));
        if (ready) {
          ordered.add(table);
          made.add(table.targetSchema() + '\0' + table.targetTable());
          it.remove();
          progress = true;
        }
      }
      if (!progress) {
        ordered.addAll(waiting); // a cycle PostgreSQL would refuse: made as given, to fail there
        break;
      }
    }
    return ordered;
  }
}
