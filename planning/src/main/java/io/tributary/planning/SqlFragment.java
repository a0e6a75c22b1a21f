package io.tributary.planning;

import io.tributary.planning.FragmentLexer.Kind;
import io.tributary.planning.FragmentLexer.Token;
import java.util.List;
import java.util.Set;

/**
 * A plan's SQL fragment — a {@code checks:} expression, a column's {@code default:} — read as one
 * expression before it goes into DDL, never as statements: its tokens ({@link FragmentLexer}) must
 * close every quote and dollar quote, hold no comment and no parameter, balance their parentheses,
 * and outside of them hold no {@code ;} and no {@code ,}. A {@code default:} may not add a column
 * constraint after its value ({@code PRIMARY KEY}, {@code REFERENCES}, …). What the expression
 * calls must be on {@link ExpressionAllowList}. PostgreSQL then parses what passes, inside the one
 * statement it is part of, and names any other mistake.
 */
public final class SqlFragment {
  /** The longest fragment taken. */
  public static final int MAX_LENGTH = 4000;

  /** Words that, after a default's value, would start a column constraint. */
  private static final Set<String> CONSTRAINT_WORDS =
      Set.of(
          "primary",
          "references",
          "unique",
          "check",
          "constraint",
          "collate",
          "generated",
          "default",
          "deferrable",
          "initially",
          "exclude");

  private SqlFragment() {}

  /**
   * What keeps {@code text} from being one CHECK expression; null when nothing does.
   *
   * @param text the fragment as the plan gives it
   */
  public static String checkProblem(String text) {
    return problem(text, false);
  }

  /** What keeps {@code text} from being one DEFAULT expression; null when nothing does. */
  public static String defaultProblem(String text) {
    return problem(text, true);
  }

  private static String problem(String text, boolean isDefault) {
    if (text == null || text.isBlank()) {
      return "is empty";
    }
    if (text.length() > MAX_LENGTH) {
      return "is " + text.length() + " characters long, more than " + MAX_LENGTH;
    }
    List<Token> tokens;
    try {
      tokens = FragmentLexer.tokens(text);
    } catch (FragmentLexer.Problem e) {
      return e.getMessage();
    }
    String shape = shapeProblem(tokens, isDefault);
    return shape != null ? shape : ExpressionAllowList.problem(tokens);
  }

  /** Statements, clauses or constraints beside the one expression; null when none. */
  private static String shapeProblem(List<Token> tokens, boolean isDefault) {
    int depth = 0;
    for (int i = 0; i < tokens.size(); i++) {
      Token token = tokens.get(i);
      if (token.is(";")) {
        return "holds a ';': a fragment is one expression, not statements";
      }
      if (token.is("(")) {
        depth++;
      } else if (token.is(")")) {
        if (depth == 0) {
          return "closes a parenthesis it did not open";
        }
        depth--;
      } else if (token.is(",") && depth == 0) {
        return "holds a ',' outside parentheses, which would add a clause to the statement";
      } else if (isDefault && depth == 0 && token.kind() == Kind.WORD) {
        String word = token.word();
        if (CONSTRAINT_WORDS.contains(word)
            || word.equals("not") && i + 1 < tokens.size() && tokens.get(i + 1).isWord("null")) {
          return "adds a column constraint ("
              + token.text()
              + ") after the default value: give the value alone";
        }
      }
    }
    if (depth != 0) {
      return "leaves " + depth + " parenthesis(es) open";
    }
    return null;
  }
}
