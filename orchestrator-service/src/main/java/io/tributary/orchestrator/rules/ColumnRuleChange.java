package io.tributary.orchestrator.rules;

/**
 * A change of one column's rules after submission: only what needs no DDL.
 *
 * @param invalid the new policy for values that cannot be cast: {@code reject} or {@code null}
 */
public record ColumnRuleChange(String invalid) {}
