package io.tributary.common.control;

/**
 * SQL over {@code tributary.fences} shared by capture (which reports fences) and the orchestrator
 * (whose cutover drains through them). Builds strings only.
 */
public final class FenceStatements {
  private FenceStatements() {}

  /**
   * True when the fence {@code f} has been published and the apply consumer group named by
   * parameter {@code $group} committed past its marker on every partition of every table topic.
   *
   * @param group the placeholder of the consumer group parameter, e.g. {@code $2}
   */
  public static String applied(String group) {
    return """
           f.offsets IS NOT NULL AND NOT EXISTS (
             SELECT 1 FROM jsonb_each(f.offsets) t(topic, parts),
                           jsonb_each_text(t.parts) p(part, off)
              WHERE NOT EXISTS (
                SELECT 1 FROM tributary.apply_offsets a
                 WHERE a.consumer_group = %s AND a.topic = t.topic
                   AND a.kafka_partition = p.part::int AND a.next_offset > p.off::bigint))"""
        .formatted(group);
  }
}
