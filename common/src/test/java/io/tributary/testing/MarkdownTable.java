package io.tributary.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** A results table of a long suite (the fault suites), as Markdown: numbers right-aligned. */
public final class MarkdownTable {
  private final List<String> header;
  private final List<List<Object>> rows = new ArrayList<>();

  public MarkdownTable(String... header) {
    this.header = List.of(header);
  }

  /** Adds a row, one value per column. */
  public void add(Object... values) {
    rows.add(List.of(values));
  }

  @Override
  public String toString() {
    StringBuilder out = new StringBuilder(line(List.copyOf(header)));
    out.append('|');
    for (int i = 0; i < header.size(); i++) {
      boolean numeric = !rows.isEmpty() && rows.get(0).get(i) instanceof Number;
      out.append(numeric ? "---:|" : "---|");
    }
    out.append('\n');
    rows.forEach(row -> out.append(line(row)));
    return out.toString();
  }

  /** Writes the table to {@code file} and prints it; the text. */
  public String write(Path file) throws IOException {
    String text = toString();
    Files.writeString(file, text);
    System.out.println(text);
    return text;
  }

  private static String line(List<?> values) {
    return values.stream().map(String::valueOf).collect(Collectors.joining(" | ", "| ", " |\n"));
  }
}
