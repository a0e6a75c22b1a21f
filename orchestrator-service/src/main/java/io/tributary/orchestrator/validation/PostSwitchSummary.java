package io.tributary.orchestrator.validation;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * Where a migration's newest post-switch verification stands ({@code GET
 * /migrations/{id}/fallback}, field {@code postSwitch}): every row of the frozen sources compared
 * with the target after the switch, the rows the fallback window wrote back left out.
 *
 * @param requestId its validation request ({@code GET /migrations/{id}/validation/requests/{n}})
 * @param status MATCH, MISMATCH, PENDING or ERROR once done; null while it runs
 * @param requestedAt when it was asked for (by the cutover, or an operator)
 * @param doneAt when it finished, null while it runs
 * @param tablesTotal tables it compares
 * @param tablesDone tables compared so far
 * @param differingRows rows missing, extra or different over every table (0 when equal)
 * @param tables the tables that did not match, as {@code source.table STATUS}
 * @param error why the request could not run
 * @param recommendation what the operator should do about a difference; null when there is none
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PostSwitchSummary(
    long requestId,
    String status,
    OffsetDateTime requestedAt,
    OffsetDateTime doneAt,
    Integer tablesTotal,
    Integer tablesDone,
    long differingRows,
    List<String> tables,
    String error,
    String recommendation) {

  /** The text of a recommendation to fall back, for a migration whose verification differs. */
  static String recommendation(String migration, long differingRows) {
    return differingRows
        + (differingRows == 1 ? " row differs" : " rows differ")
        + " between the frozen sources and the target in rows the fallback window never wrote"
        + " back: the change stream missed a change after the cutover's position, or the target"
        + " was written behind apply's back. The sources hold those rows as the applications last"
        + " wrote them: fall back (POST /migrations/"
        + migration
        + "/fallback, or deploy/tributary fallback "
        + migration
        + ") and cut over again; the differing rows are listed in GET /migrations/"
        + migration
        + "/validation.";
  }
}
