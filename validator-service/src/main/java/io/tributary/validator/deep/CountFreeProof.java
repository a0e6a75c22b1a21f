package io.tributary.validator.deep;

/**
 * What may stand for exact counts at a final gate, which otherwise counts every table on both sides
 * under the freeze ({@code DESIGN.md}, cutover step 4 and its reverse in step 7).
 */
enum CountFreeProof {
  /**
   * A cutover's gate on a table found equal at P: the behind-apply record (no write to the target
   * but apply's since the prepare step), when the table has its trigger.
   */
  BEHIND_APPLY_RECORD,
  /**
   * A fallback's gate on a table the post-switch verification found equal after the switch: the
   * source's freeze guard, still on the table (no write to the source but the write-back's since).
   */
  SOURCE_GUARD,
  /** Nothing: the gate counts. */
  NONE
}
