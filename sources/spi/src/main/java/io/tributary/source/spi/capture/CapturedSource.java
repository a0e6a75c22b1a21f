package io.tributary.source.spi.capture;

import io.tributary.common.catalog.TableDef;
import io.tributary.common.event.ChangeEventCodec;
import io.tributary.common.event.Topics;
import io.tributary.common.plan.SourceKind;
import io.tributary.common.plan.SourceKindRules;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A source of an active migration that capture must run, as recorded in the control schema.
 *
 * @param migration the migration id
 * @param source the plan's source name
 * @param kind its kind; null when the recorded one is unknown to this version
 * @param location the file path or URL
 * @param targetSchema the target schema
 * @param topics the topics of its tables
 * @param tablesJson the provisioned catalog of its tables, a JSON array of {@code TableDef}
 * @param resyncs the tables an operator asked to read again whose new snapshot is not complete yet:
 *     topic to the request's id (its time in epoch milliseconds)
 * @param streamOnly a fallback installed the source's change capture again while the target held
 *     every row: without a stored position capture streams from the change log's start (SQLite) or
 *     the slot (PostgreSQL) and takes no snapshot
 */
public record CapturedSource(
    String migration,
    String source,
    SourceKind kind,
    String location,
    String targetSchema,
    List<String> topics,
    String tablesJson,
    Map<String, Long> resyncs,
    boolean streamOnly) {
  public CapturedSource {
    resyncs = Map.copyOf(resyncs);
  }

  /**
   * True when {@code wanted} (the same source as recorded now) asks for a table to be read again
   * that this one, as its engine was started, does not: the engine must start again to read it.
   */
  public boolean lacksResyncOf(CapturedSource wanted) {
    return !resyncs.entrySet().containsAll(wanted.resyncs.entrySet());
  }

  /**
   * The topics capture publishes to for it: its tables' topics, its snapshot topic ({@link
   * Topics#snapshotTopic}) and {@code progressTopic}.
   */
  public List<String> publishedTopics(String progressTopic) {
    List<String> all = new ArrayList<>(topics);
    all.add(Topics.snapshotTopic(migration, source));
    all.add(progressTopic);
    return all;
  }

  /** Where the source is, for logs and messages: a URL never shows its password. */
  public String displayLocation() {
    return displayLocation(kind, location);
  }

  /** A source's location for logs and messages: a URL never shows its password. */
  static String displayLocation(SourceKind kind, String location) {
    return kind == null ? location : SourceKindRules.of(kind).displayLocation(location);
  }

  /** The kind as plans spell it ({@code sqlite}), for logs and messages. */
  public String kindName() {
    return kindName(kind);
  }

  static String kindName(SourceKind kind) {
    return kind == null ? "unknown" : kind.planName();
  }

  /** The provisioned catalog of its tables. */
  public List<TableDef> tableDefs() {
    try {
      return Arrays.asList(ChangeEventCodec.MAPPER.readValue(tablesJson, TableDef[].class));
    } catch (IOException e) {
      throw new IllegalStateException(
          "the catalog of source " + id() + " cannot be read: " + e.getMessage(), e);
    }
  }

  /** {@code migration/source}: unique among running captures. */
  public String id() {
    return migration + "/" + source;
  }
}
