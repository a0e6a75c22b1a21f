package io.tributary.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.CreateTopicsResult;
import org.apache.kafka.clients.admin.ListTopicsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.TopicExistsException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

class TopicEnsurerTest {
  private final Admin admin = mock(Admin.class);
  private final TopicEnsurer ensurer = new TopicEnsurer(() -> admin, 10_485_760);

  private void existing(String... topics) {
    ListTopicsResult listed = mock(ListTopicsResult.class);
    when(listed.names()).thenReturn(KafkaFuture.completedFuture(Set.of(topics)));
    when(admin.listTopics()).thenReturn(listed);
  }

  @Test
  @DisplayName("Missing topics are created with room for the largest record; existing ones left")
  @SuppressWarnings("unchecked")
  void createsMissing() throws Exception {
    existing("t1");
    CreateTopicsResult created = mock(CreateTopicsResult.class);
    KafkaFuture<Void> raced =
        KafkaFuture.<Void>completedFuture(null)
            .thenApply(
                v -> {
                  throw new TopicExistsException("t3");
                });
    when(created.values()).thenReturn(Map.of("t2", KafkaFuture.completedFuture(null), "t3", raced));
    when(admin.createTopics(any())).thenReturn(created);

    ensurer.ensure(List.of("t1", "t2", "t3"), Optional.of(3), Optional.empty());

    ArgumentCaptor<Collection<NewTopic>> asked = ArgumentCaptor.forClass(Collection.class);
    verify(admin).createTopics(asked.capture());
    assertThat(asked.getValue())
        .extracting(NewTopic::name, NewTopic::numPartitions, NewTopic::configs)
        .containsExactly(
            tuple("t2", 3, Map.of("max.message.bytes", "10485760")),
            tuple("t3", 3, Map.of("max.message.bytes", "10485760")));
  }

  @Test
  @DisplayName("An offset store's topic is created compacted, with one partition, when missing")
  @SuppressWarnings("unchecked")
  void createsACompactedTopic() throws Exception {
    existing("t1");
    CreateTopicsResult created = mock(CreateTopicsResult.class);
    when(created.values()).thenReturn(Map.of("offsets", KafkaFuture.completedFuture(null)));
    when(admin.createTopics(any())).thenReturn(created);

    ensurer.ensureCompacted("offsets", Optional.of((short) 1));

    ArgumentCaptor<Collection<NewTopic>> asked = ArgumentCaptor.forClass(Collection.class);
    verify(admin).createTopics(asked.capture());
    assertThat(asked.getValue())
        .extracting(NewTopic::name, NewTopic::numPartitions, NewTopic::configs)
        .containsExactly(tuple("offsets", 1, Map.of("cleanup.policy", "compact")));
  }

  @Test
  @DisplayName("Nothing is created when every topic exists")
  void allExist() throws Exception {
    existing("t1", "t2");

    ensurer.ensure(List.of("t1", "t2"), Optional.empty(), Optional.empty());

    verify(admin, never()).createTopics(any());
  }
}
