package io.tributary.source.postgres.capture;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PostgresResumeCheckTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** An offset as Tributary stores it after a commit: the last change one byte before it. */
  private static JsonNode stored(long commit) throws Exception {
    return JSON.readTree(
        "{\"lsn_proc\": "
            + (commit - 1)
            + ", \"lsn_commit\": "
            + commit
            + ", \"lsn\": "
            + commit
            + ", \"ts_usec\": 1}");
  }

  @Test
  @DisplayName(
      "A slot confirmed up to the stored commit resumes — its restart position may be that commit,"
          + " one byte past the stored last change (Debezium's own check refused it for good)")
  void aSlotAtTheStoredCommitResumes() throws Exception {
    long commit = 0x1D7EE08L;
    assertThat(PostgresResumeCheck.refusal("s", List.of(stored(commit)), OptionalLong.of(commit)))
        .isNull();
    assertThat(
            PostgresResumeCheck.refusal("s", List.of(stored(commit)), OptionalLong.of(commit - 40)))
        .isNull();
    assertThat(PostgresResumeCheck.refusal("s", List.of(), OptionalLong.empty()))
        .as("nothing stored: the snapshot step handles the slot")
        .isNull();
  }

  @Test
  @DisplayName(
      "A slot gone, or confirmed past the stored commit, refuses the resume and says why: the"
          + " changes in between would be skipped for good")
  void aSlotGoneOrAheadRefuses() throws Exception {
    long commit = 0x1D7EE08L;
    assertThat(PostgresResumeCheck.refusal("slot_a", List.of(stored(commit)), OptionalLong.empty()))
        .startsWith("replication slot slot_a no longer exists")
        .contains("(0/1D7EE08)");
    assertThat(
            PostgresResumeCheck.refusal(
                "slot_a", List.of(stored(commit)), OptionalLong.of(commit + 1)))
        .isEqualTo(
            "replication slot slot_a was confirmed up to 0/1D7EE09, past the last commit capture"
                + " stored (0/1D7EE08): another client consumed the changes in between, which"
                + " PostgreSQL no longer sends; the source's tables must be read again from a"
                + " snapshot");
  }
}
