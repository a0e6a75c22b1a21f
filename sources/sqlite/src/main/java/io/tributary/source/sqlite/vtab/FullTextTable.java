package io.tributary.source.sqlite.vtab;

import io.tributary.common.naming.Identifiers;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A SQLite full-text table ({@code fts3}, {@code fts4}, {@code fts5}) read from its declaration:
 * its columns and where its text lives. A table that keeps its own text stores it in its {@code
 * x_content} shadow table ({@code id}, {@code c0}, {@code c1}, ... for fts5; {@code docid}, {@code
 * c0<name>}, ... for fts3/4), which Tributary reads as a table when the plan asks to rebuild its
 * search on the target ({@link #createView}); an external-content table ({@code content='t'})
 * indexes another table's text, and a contentless one ({@code content=''}) keeps none.
 *
 * @param name the table's name
 * @param module {@code fts3}, {@code fts4} or {@code fts5}
 * @param columns its columns in order
 * @param content null when it keeps its own text; the external table's name; "" when contentless
 */
public record FullTextTable(String name, String module, List<Column> columns, String content) {
  /** The key column of a full-text table read as a table: its rowid. */
  public static final String KEY = "rowid";

  private static final Pattern OPTION =
      Pattern.compile("(?s)^\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*=\\s*(.*?)\\s*$");

  /**
   * One column.
   *
   * @param name its name
   * @param indexed false for an fts5 {@code UNINDEXED} column or an fts4 {@code notindexed} one
   */
  public record Column(String name, boolean indexed) {}

  public FullTextTable {
    columns = List.copyOf(columns);
  }

  /** Reads a full-text declaration. */
  public static FullTextTable parse(VirtualTableDeclaration declaration) {
    List<Column> columns = new ArrayList<>();
    List<String> notIndexed = new ArrayList<>();
    String content = null;
    for (String argument : declaration.arguments()) {
      Matcher option = OPTION.matcher(argument);
      if (option.matches()) {
        String key = option.group(1).toLowerCase(Locale.ROOT);
        String value = VirtualTableDeclaration.unquote(option.group(2));
        if (key.equals("content")) {
          content = value;
        } else if (key.equals("notindexed")) {
          notIndexed.add(value);
        }
        continue;
      }
      String[] words = argument.strip().split("\\s+");
      if (words[0].isEmpty()) {
        continue;
      }
      boolean unindexed = words.length > 1 && words[words.length - 1].equalsIgnoreCase("unindexed");
      columns.add(new Column(VirtualTableDeclaration.unquote(words[0]), !unindexed));
    }
    if (!notIndexed.isEmpty()) {
      columns =
          columns.stream()
              .map(c -> notIndexed.contains(c.name()) ? new Column(c.name(), false) : c)
              .toList();
    }
    return new FullTextTable(declaration.name(), declaration.module(), columns, content);
  }

  /** Whether it keeps its own text, in {@link #contentTable()}. */
  public boolean ownContent() {
    return content == null;
  }

  /** {@code x_content}: where a table with its own text keeps it. */
  public String contentTable() {
    return name + "_content";
  }

  /** The key column of {@link #contentTable()}: {@code id} (fts5) or {@code docid} (fts3/4). */
  public String contentKey() {
    return module.equals("fts5") ? "id" : "docid";
  }

  /** The column of {@link #contentTable()} that holds column {@code i}. */
  String contentColumn(int i) {
    return module.equals("fts5") ? "c" + i : "c" + i + columns.get(i).name();
  }

  /**
   * {@code CREATE TEMP VIEW IF NOT EXISTS "x" AS SELECT id AS rowid, c0 AS "a", ... FROM
   * "x_content"}: the table's rows from its content shadow table, under its own name (see {@link
   * Vec0ViewBuilder} for why), so no tokenizer of the application's is needed to read it.
   */
  public String createView() {
    if (!ownContent()) {
      throw new IllegalStateException(name + " keeps no text of its own");
    }
    List<String> select = new ArrayList<>();
    select.add(Identifiers.quote(contentKey()) + " AS " + Identifiers.quote(KEY));
    for (int i = 0; i < columns.size(); i++) {
      select.add(
          Identifiers.quote(contentColumn(i)) + " AS " + Identifiers.quote(columns.get(i).name()));
    }
    return "CREATE TEMP VIEW IF NOT EXISTS "
        + Identifiers.quote(name)
        + " AS SELECT "
        + String.join(", ", select)
        + " FROM "
        + Identifiers.quote(contentTable());
  }
}
