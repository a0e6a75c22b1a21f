package io.tributary.planning;

import io.tributary.planning.FragmentLexer.Kind;
import io.tributary.planning.FragmentLexer.Token;
import java.util.List;
import java.util.Set;

/**
 * What a plan's expression ({@code default:}, {@code checks:}) may call: literals, operators,
 * casts, the columns of its own table, the immutable functions of {@link #FUNCTIONS} (unqualified
 * or in {@code pg_catalog}), {@code now()} and its kin, {@code current_timestamp}, {@code
 * gen_random_uuid()} and {@code nextval('<a sequence>')}. Anything else — a function not listed
 * (e.g. {@code query_to_xml}, {@code pg_read_file}, {@code set_config}, {@code dblink}), a function
 * of another schema, a subquery, {@code OPERATOR(…)}, a name qualified by a schema or table — is
 * refused with its name. The expression then also runs as the schema's own role, never as
 * Tributary's (docs/plan.md): this list is the first of two walls.
 */
final class ExpressionAllowList {
  /**
   * The functions an expression may call: immutable ones of {@code pg_catalog} (and pgvector's
   * {@code vector_dims}), the time of the transaction or statement, {@code gen_random_uuid}, and
   * call-like syntax ({@code CAST}, {@code COALESCE}, {@code EXTRACT}, …).
   */
  static final Set<String> FUNCTIONS =
      Set.of(
          // call-like syntax
          "cast",
          "coalesce",
          "nullif",
          "greatest",
          "least",
          "extract",
          "substring",
          "position",
          "trim",
          "overlay",
          "row",
          // numbers
          "abs",
          "ceil",
          "ceiling",
          "floor",
          "round",
          "trunc",
          "mod",
          "div",
          "power",
          "sqrt",
          "cbrt",
          "exp",
          "ln",
          "log",
          "log10",
          "sign",
          "width_bucket",
          "num_nulls",
          "num_nonnulls",
          // text
          "lower",
          "upper",
          "initcap",
          "length",
          "char_length",
          "character_length",
          "octet_length",
          "bit_length",
          "btrim",
          "ltrim",
          "rtrim",
          "substr",
          "strpos",
          "replace",
          "translate",
          "split_part",
          "left",
          "right",
          "lpad",
          "rpad",
          "repeat",
          "reverse",
          "ascii",
          "chr",
          "starts_with",
          "regexp_replace",
          "regexp_match",
          "regexp_like",
          "regexp_count",
          "md5",
          "sha224",
          "sha256",
          "sha384",
          "sha512",
          "encode",
          "decode",
          "concat",
          "concat_ws",
          "quote_ident",
          "quote_literal",
          "to_hex",
          // time (now() and its kin: the time of the transaction, statement or call)
          "now",
          "current_timestamp",
          "current_time",
          "localtimestamp",
          "localtime",
          "transaction_timestamp",
          "statement_timestamp",
          "clock_timestamp",
          "date_trunc",
          "date_part",
          "date_bin",
          "make_date",
          "make_time",
          "make_timestamp",
          "make_timestamptz",
          "make_interval",
          "isfinite",
          "justify_days",
          "justify_hours",
          "justify_interval",
          "to_char",
          "to_date",
          "to_number",
          "to_timestamp",
          // arrays
          "array_length",
          "array_lower",
          "array_upper",
          "array_ndims",
          "cardinality",
          "array_position",
          "array_to_string",
          "string_to_array",
          "array_append",
          "array_prepend",
          "array_cat",
          "array_remove",
          // JSON
          "json_typeof",
          "jsonb_typeof",
          "json_array_length",
          "jsonb_array_length",
          "json_build_object",
          "jsonb_build_object",
          "json_build_array",
          "jsonb_build_array",
          "to_json",
          "to_jsonb",
          "jsonb_strip_nulls",
          "json_strip_nulls",
          // uuid, vectors, sequences
          "gen_random_uuid",
          "vector_dims",
          "nextval");

  /** Key words that start a subquery: an expression may not read a table. */
  private static final Set<String> SUBQUERY_WORDS = Set.of("select", "with", "values", "table");

  /**
   * Key words a parenthesis may follow without being a call ({@code x IN (…)}, {@code a AND (…)},
   * {@code = ANY (…)}, {@code EXTRACT(epoch FROM (…))}, …).
   */
  private static final Set<String> NOT_CALLS =
      Set.of(
          "and",
          "or",
          "not",
          "in",
          "any",
          "some",
          "all",
          "like",
          "ilike",
          "similar",
          "to",
          "between",
          "symmetric",
          "then",
          "else",
          "when",
          "case",
          "is",
          "distinct",
          "from",
          "for",
          "at",
          "zone",
          "escape",
          "both",
          "leading",
          "trailing",
          "placing",
          "overlaps",
          "as",
          "array",
          "interval");

  /** Words a type name of several words goes on with ({@code double precision}, …). */
  private static final Set<String> TYPE_WORDS =
      Set.of("precision", "varying", "with", "without", "time", "zone");

  private ExpressionAllowList() {}

  /** What {@code tokens} call or read that an expression may not; null when nothing. */
  static String problem(List<Token> tokens) {
    for (int i = 0; i < tokens.size(); i++) {
      Token token = tokens.get(i);
      if (token.is("::") || token.isWord("as") && insideCast(tokens, i)) {
        i = skipType(tokens, i + 1) - 1;
        continue;
      }
      if (!token.isName()) {
        continue;
      }
      int end = i;
      while (end + 2 < tokens.size()
          && tokens.get(end + 1).is(".")
          && tokens.get(end + 2).isName()) {
        end += 2;
      }
      boolean call = end + 1 < tokens.size() && tokens.get(end + 1).is("(");
      String name = spelled(tokens, i, end);
      if (token.kind() == Kind.WORD
          && SUBQUERY_WORDS.contains(token.word())
          && !(token.word().equals("with") && followedByTimeZone(tokens, i))) {
        return "holds a subquery ("
            + token.text()
            + "): an expression may not read a table; quote a column of that name";
      }
      if (call) {
        String problem = callProblem(tokens, i, end, name);
        if (problem != null) {
          return problem;
        }
      } else if (end > i) {
        return "names "
            + name
            + ": an expression names columns of its own table only, never a qualified name";
      }
      i = end;
    }
    return null;
  }

  private static String callProblem(List<Token> tokens, int start, int end, String name) {
    Token function = tokens.get(end);
    if (function.kind() == Kind.WORD && NOT_CALLS.contains(function.word()) && end == start) {
      return null;
    }
    Token qualifier = tokens.get(start);
    boolean catalog =
        end == start
            || end == start + 2
                && (qualifier.kind() == Kind.WORD ? qualifier.word() : qualifier.text())
                    .equals("pg_catalog");
    String folded = function.kind() == Kind.WORD ? function.word() : function.text();
    if (!catalog || !FUNCTIONS.contains(folded)) {
      return "calls "
          + name
          + "(), which a plan's expression may not: it may use literals, operators, casts, its"
          + " table's columns, immutable functions (listed in docs/plan.md), now(),"
          + " current_timestamp, gen_random_uuid() and nextval('<sequence>')";
    }
    if (folded.equals("nextval")) {
      boolean literal =
          end + 3 < tokens.size()
              && tokens.get(end + 2).kind() == Kind.STRING
              && (tokens.get(end + 3).is(")")
                  || end + 5 < tokens.size()
                      && tokens.get(end + 3).is("::")
                      && tokens.get(end + 4).isWord("regclass")
                      && tokens.get(end + 5).is(")"));
      if (!literal) {
        return "calls nextval() with something else than the sequence's name in quotes";
      }
    }
    return null;
  }

  /** The name as written from token {@code start} to {@code end}, with its dots. */
  private static String spelled(List<Token> tokens, int start, int end) {
    StringBuilder name = new StringBuilder();
    for (int i = start; i <= end; i++) {
      Token token = tokens.get(i);
      name.append(
          token.kind() == Kind.QUOTED_NAME
              ? "\"" + token.text().replace("\"", "\"\"") + "\""
              : token.text());
    }
    return name.toString();
  }

  /**
   * The index after the type name that starts at {@code from} ({@code ::type} or {@code AS type}).
   */
  private static int skipType(List<Token> tokens, int from) {
    int i = from;
    boolean first = true;
    while (i < tokens.size()) {
      Token token = tokens.get(i);
      if (token.isName()
          && (first || token.kind() == Kind.WORD && TYPE_WORDS.contains(token.word()))) {
        i++;
        first = false;
      } else if (token.is(".") && i + 1 < tokens.size() && tokens.get(i + 1).isName()) {
        i += 2;
      } else if (token.is("(") && !first) {
        int close = closing(tokens, i);
        if (close < 0 || !numbersOnly(tokens, i + 1, close)) {
          return i;
        }
        i = close + 1;
      } else if (token.is("[") && !first) {
        i++;
        while (i < tokens.size() && tokens.get(i).kind() == Kind.NUMBER) {
          i++;
        }
        if (i < tokens.size() && tokens.get(i).is("]")) {
          i++;
        }
      } else {
        break;
      }
    }
    return i;
  }

  private static boolean numbersOnly(List<Token> tokens, int from, int to) {
    for (int i = from; i < to; i++) {
      Token token = tokens.get(i);
      if (token.kind() != Kind.NUMBER && !token.is(",")) {
        return false;
      }
    }
    return true;
  }

  private static int closing(List<Token> tokens, int open) {
    int depth = 0;
    for (int i = open; i < tokens.size(); i++) {
      if (tokens.get(i).is("(")) {
        depth++;
      } else if (tokens.get(i).is(")") && --depth == 0) {
        return i;
      }
    }
    return -1;
  }

  /** Whether the {@code AS} at {@code at} is the one of a {@code CAST(x AS type)}. */
  private static boolean insideCast(List<Token> tokens, int at) {
    int depth = 0;
    for (int i = at - 1; i >= 0; i--) {
      Token token = tokens.get(i);
      if (token.is(")")) {
        depth++;
      } else if (token.is("(")) {
        if (depth == 0) {
          return i > 0 && tokens.get(i - 1).isWord("cast");
        }
        depth--;
      }
    }
    return false;
  }

  private static boolean followedByTimeZone(List<Token> tokens, int at) {
    return at + 2 < tokens.size()
        && tokens.get(at + 1).isWord("time")
        && tokens.get(at + 2).isWord("zone");
  }
}
