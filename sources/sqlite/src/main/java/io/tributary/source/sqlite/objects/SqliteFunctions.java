package io.tributary.source.sqlite.objects;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * SQLite's functions as PostgreSQL calls them: the same function where PostgreSQL has it alike
 * ({@code count}, {@code sum}, {@code coalesce}, {@code lower}, window functions, ...), the
 * equivalent where it differs ({@code ifnull}: {@code coalesce}; {@code instr}: {@code strpos};
 * {@code iif}: {@code CASE}; {@code group_concat}: {@code string_agg} of text; {@code total};
 * {@code min} and {@code max} of several values: {@code least} and {@code greatest}; {@code length}
 * and {@code substr} of the value as text; {@code CAST} to SQLite's type affinities), and the date
 * and time functions ({@link SqliteTimeFunctions}). Any other function is refused with its name.
 */
final class SqliteFunctions {
  /** Functions PostgreSQL has under the same name, taking the same arguments. */
  private static final Set<String> SAME =
      Set.of(
          "count",
          "sum",
          "avg",
          "coalesce",
          "nullif",
          "lower",
          "upper",
          "abs",
          "replace",
          "ltrim",
          "rtrim",
          "sign",
          "row_number",
          "rank",
          "dense_rank",
          "percent_rank",
          "cume_dist",
          "ntile",
          "lag",
          "lead",
          "first_value",
          "last_value",
          "nth_value",
          "floor",
          "ceil",
          "ceiling",
          "sqrt",
          "power",
          "exp",
          "ln",
          "concat",
          "concat_ws");

  private final SqliteQueryTranslator translator;
  private final SqliteTimeFunctions time;

  SqliteFunctions(SqliteQueryTranslator translator) {
    this.translator = translator;
    this.time = new SqliteTimeFunctions(translator);
  }

  /** The call of {@code name} with {@code args} (each as SQLite tokens), in PostgreSQL. */
  String call(String name, List<List<SqlToken>> args) {
    String f = name.toLowerCase(Locale.ROOT);
    if (SAME.contains(f) || (f.equals("min") || f.equals("max")) && args.size() == 1) {
      return f + "(" + arguments(args) + ")";
    }
    return switch (f) {
      case "cast" -> cast(args);
      case "ifnull" -> "coalesce(" + arguments(args) + ")";
      case "min" -> "least(" + arguments(args) + ")";
      case "max" -> "greatest(" + arguments(args) + ")";
      case "instr" -> "strpos(" + arguments(args) + ")";
      case "pow" -> "power(" + arguments(args) + ")";
      case "total" -> "coalesce(sum(" + arguments(args) + "), 0)";
      case "trim" -> (args.size() == 1 ? "trim(" : "btrim(") + arguments(args) + ")";
      case "length" -> "length(" + asText(one(f, args)) + ")";
      case "substr", "substring" -> substr(f, args);
      case "round" ->
          args.size() == 1
              ? "round(" + arguments(args) + ")"
              : "round(CAST(" + arg(args.get(0)) + " AS numeric), " + arg(args.get(1)) + ")";
      case "iif" -> iif(args);
      case "group_concat" -> groupConcat(args);
      case "datetime", "date", "time", "strftime", "julianday", "unixepoch" -> time.call(f, args);
      default ->
          throw new Untranslatable(
              "it calls " + name + "(), which this translation does not carry to PostgreSQL");
    };
  }

  private String arguments(List<List<SqlToken>> args) {
    List<String> out = new ArrayList<>();
    for (List<SqlToken> a : args) {
      if (!a.isEmpty() && a.get(0).is("DISTINCT")) {
        out.add("DISTINCT " + arg(a.subList(1, a.size())));
      } else if (a.size() == 1 && a.get(0).is("*")) {
        out.add("*");
      } else {
        out.add(arg(a));
      }
    }
    return String.join(", ", out);
  }

  private String arg(List<SqlToken> tokens) {
    if (tokens.isEmpty()) {
      throw new Untranslatable("a function is given an empty argument");
    }
    return translator.translateApart(tokens);
  }

  private static List<SqlToken> one(String f, List<List<SqlToken>> args) {
    if (args.size() != 1) {
      throw new Untranslatable("it calls " + f + "() with " + args.size() + " arguments");
    }
    return args.get(0);
  }

  private String asText(List<SqlToken> tokens) {
    return "CAST(" + arg(tokens) + " AS text)";
  }

  private String substr(String f, List<List<SqlToken>> args) {
    if (args.size() < 2 || args.size() > 3) {
      throw new Untranslatable("it calls " + f + "() with " + args.size() + " arguments");
    }
    return "substr(" + asText(args.get(0)) + ", " + arguments(args.subList(1, args.size())) + ")";
  }

  private String iif(List<List<SqlToken>> args) {
    if (args.size() != 3) {
      throw new Untranslatable("it calls iif() with " + args.size() + " arguments");
    }
    return "CASE WHEN "
        + arg(args.get(0))
        + " THEN "
        + arg(args.get(1))
        + " ELSE "
        + arg(args.get(2))
        + " END";
  }

  /**
   * {@code group_concat([DISTINCT] x [, sep] [ORDER BY ...])}: {@code string_agg} of {@code x} as
   * text, separated by a comma unless {@code sep} is given.
   */
  private String groupConcat(List<List<SqlToken>> args) {
    if (args.isEmpty() || args.size() > 2) {
      throw new Untranslatable("it calls group_concat() with " + args.size() + " arguments");
    }
    List<List<SqlToken>> parts = new ArrayList<>(args);
    List<SqlToken> last = parts.get(parts.size() - 1);
    String order = "";
    int depth = 0;
    for (int i = 0; i < last.size(); i++) {
      SqlToken t = last.get(i);
      depth += t.is("(") ? 1 : t.is(")") ? -1 : 0;
      if (depth == 0 && t.is("ORDER")) {
        order = " " + "ORDER " + arg(last.subList(i + 1, last.size()));
        parts.set(parts.size() - 1, last.subList(0, i));
        break;
      }
    }
    List<SqlToken> value = parts.get(0);
    String distinct = "";
    if (!value.isEmpty() && value.get(0).is("DISTINCT")) {
      distinct = "DISTINCT ";
      value = value.subList(1, value.size());
    }
    String separator = parts.size() == 2 ? asText(parts.get(1)) : "','";
    return "string_agg(" + distinct + asText(value) + ", " + separator + order + ")";
  }

  /**
   * {@code CAST(x AS type)} with SQLite's affinity of {@code type}: INTEGER as {@code bigint} of
   * the value truncated (SQLite truncates, PostgreSQL would round), TEXT, REAL as {@code double
   * precision}, BLOB as {@code bytea}, anything else NUMERIC.
   */
  private String cast(List<List<SqlToken>> args) {
    List<SqlToken> a = args.size() == 1 ? args.get(0) : List.of();
    int as = -1;
    int depth = 0;
    for (int i = 0; i < a.size(); i++) {
      depth += a.get(i).is("(") ? 1 : a.get(i).is(")") ? -1 : 0;
      if (depth == 0 && a.get(i).is("AS")) {
        as = i;
      }
    }
    if (as < 1 || as == a.size() - 1) {
      throw new Untranslatable("it writes a CAST this translation does not read");
    }
    StringBuilder type = new StringBuilder();
    a.subList(as + 1, a.size()).forEach(t -> type.append(t.upper()).append(' '));
    String declared = type.toString();
    String value = arg(a.subList(0, as));
    if (declared.contains("INT")) {
      return "CAST(trunc(CAST(" + value + " AS numeric)) AS bigint)";
    }
    if (declared.contains("CHAR") || declared.contains("CLOB") || declared.contains("TEXT")) {
      return "CAST(" + value + " AS text)";
    }
    if (declared.contains("BLOB")) {
      return "CAST(" + value + " AS bytea)";
    }
    if (declared.contains("REAL") || declared.contains("FLOA") || declared.contains("DOUB")) {
      return "CAST(" + value + " AS double precision)";
    }
    return "CAST(" + value + " AS numeric)";
  }
}
