package io.tributary.cli;

import java.util.ArrayList;
import java.util.List;

/** Columns of text under a header and a line of dashes; numbers right-aligned. */
final class TextTable {
  private static final int LAST_DASHES = 40;
  private final String[] headers;
  private final boolean[] rightAligned;
  private final List<String[]> rows = new ArrayList<>();

  TextTable(String... headers) {
    this.headers = headers;
    this.rightAligned = new boolean[headers.length];
  }

  /** Right-aligns these columns (0-based). */
  TextTable right(int... columns) {
    for (int c : columns) {
      rightAligned[c] = true;
    }
    return this;
  }

  TextTable row(String... cells) {
    if (cells.length != headers.length) {
      throw new IllegalArgumentException(
          "a row of " + cells.length + " cells in a table of " + headers.length + " columns");
    }
    rows.add(cells);
    return this;
  }

  boolean isEmpty() {
    return rows.isEmpty();
  }

  /** The header, the dashes and the rows, each line indented, without trailing spaces. */
  List<String> lines(String indent) {
    int[] widths = new int[headers.length];
    for (int c = 0; c < headers.length; c++) {
      widths[c] = headers[c].length();
      for (String[] row : rows) {
        widths[c] = Math.max(widths[c], row[c].length());
      }
    }
    List<String> out = new ArrayList<>();
    out.add(line(indent, headers, widths));
    String[] dashes = new String[headers.length];
    for (int c = 0; c < headers.length; c++) {
      // The last column may hold long text (a statement, an outcome): its dashes stop earlier.
      int width = c == headers.length - 1 ? Math.min(widths[c], LAST_DASHES) : widths[c];
      dashes[c] = "-".repeat(Math.max(width, headers[c].length()));
    }
    out.add(line(indent, dashes, widths));
    for (String[] row : rows) {
      out.add(line(indent, row, widths));
    }
    return out;
  }

  private String line(String indent, String[] cells, int[] widths) {
    StringBuilder out = new StringBuilder(indent);
    for (int c = 0; c < cells.length; c++) {
      if (c > 0) {
        out.append("  ");
      }
      out.append(rightAligned[c] ? Fmt.right(cells[c], widths[c]) : Fmt.left(cells[c], widths[c]));
    }
    return out.toString().stripTrailing();
  }
}
