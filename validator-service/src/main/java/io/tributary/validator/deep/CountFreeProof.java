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
  /**
   * A fallback's gate on a table the post-switch verification has not decided (not compared yet, or
   * {@code PENDING}: differences it could not tell from rows in flight through the write-back): the
   * source's freeze guard, and the cutover's final gate, which found the sides equal at the switch.
   */
  SOURCE_GUARD_SINCE_GATE,
  /** Nothing: the gate counts. */
  NONE;

  /**
   * A fallback's proof for a table, from the post-switch verification's newest verdict on it:
   * counted only when it found the table different ({@code MISMATCH}) or could not read it ({@code
   * ERROR}).
   *
   * @param verdict the verdict, null when it has not compared the table yet
   */
  static CountFreeProof afterSwitch(String verdict) {
    if (verdict == null || "PENDING".equals(verdict)) {
      return SOURCE_GUARD_SINCE_GATE;
    }
    return "MATCH".equals(verdict) ? SOURCE_GUARD : NONE;
  }
}
