package io.tributary.common.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class TopicsTest {
  private static final Pattern LEGAL = Pattern.compile("[A-Za-z0-9._-]{1,249}");

  @Test
  void namesKeepTheirPartsAndIllegalCharactersBecomeUnderscores() {
    assertThat(Topics.tableTopic("crm", "app", "main", "odd name.x"))
        .isEqualTo("tributary.crm.app.main.odd_name_x");
  }

  @Test
  void longNamesAreCutToWhatKafkaAcceptsAndStayDistinct() {
    String migration = "m".repeat(63);
    String source = "s".repeat(63);
    String a = Topics.tableTopic(migration, source, "main", "t".repeat(300) + "a");
    String b = Topics.tableTopic(migration, source, "main", "t".repeat(300) + "b");
    String c = Topics.tableTopic(migration, source, "x".repeat(63), "t".repeat(63));
    for (String topic : new String[] {a, b, c}) {
      assertThat(topic).hasSizeLessThanOrEqualTo(Topics.MAX_TOPIC_LENGTH).matches(LEGAL);
      assertThat(Topics.TABLE_TOPICS.matcher(topic).matches()).as(topic).isTrue();
      assertThat(topic).startsWith("tributary." + migration + "." + source + ".");
    }
    assertThat(a)
        .isNotEqualTo(b)
        .endsWith(a.substring(a.length() - 17))
        .containsPattern("-[0-9a-f]{16}$");
    assertThat(Topics.tableTopic(migration, source, "main", "t".repeat(300) + "a")).isEqualTo(a);
  }

  @Test
  void snapshotTopicsAreToldAsTheirPatternTellsThem() {
    for (String topic :
        List.of(
            Topics.snapshotTopic("m1", "app"),
            "tributary.m.s.snapshot",
            "tributary..s.snapshot",
            "tributary.m..snapshot",
            "tributary.m.s.t.snapshot",
            "tributary.m.snapshot",
            "tributary.snapshot",
            "tributary..snapshot",
            "tributary.m.s.snapshots",
            "tributaryXm.s.snapshot",
            Topics.tableTopic("m", "s", "main", "snapshot"),
            "tributary.m.s.snapshot.snapshot",
            "")) {
      assertThat(Topics.isSnapshotTopic(topic))
          .as(topic)
          .isEqualTo(Topics.SNAPSHOT_TOPICS.matcher(topic).matches());
    }
    assertThat(Topics.isSnapshotTopic(Topics.snapshotTopic("m1", "app"))).isTrue();
  }
}
