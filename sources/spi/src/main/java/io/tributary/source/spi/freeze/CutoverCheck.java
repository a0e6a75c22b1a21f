package io.tributary.source.spi.freeze;

/**
 * One answer of a cutover rehearsal ({@code cutover --check}): whether one step could run.
 *
 * @param check what was checked ({@code state}, {@code freeze}, {@code capture}, {@code
 *     validation}, {@code switch})
 * @param subject the source or action it is about, null for the migration
 * @param ok true when the step could run ({@link #passed}), false when not ({@link #failed})
 * @param detail what was found, in an operator's words
 */
public record CutoverCheck(String check, String subject, boolean ok, String detail) {
  public static CutoverCheck passed(String check, String subject, String detail) {
    return new CutoverCheck(check, subject, true, detail);
  }

  public static CutoverCheck failed(String check, String subject, String detail) {
    return new CutoverCheck(check, subject, false, detail);
  }
}
