package io.tributary.orchestrator.provision;

import io.tributary.source.spi.intake.SchemaObject;

/**
 * An object of a source's schema other than its tables (a view, a function, a trigger, …) as the
 * dry run lists it: made in the target, or not and why.
 *
 * @param source the plan's source it belongs to
 * @param kind {@code view}, {@code materialized view}, {@code function}, {@code procedure}, {@code
 *     aggregate}, {@code trigger}, {@code rule}, {@code constraint} or {@code comment}
 * @param name its qualified name in the source
 * @param target its qualified name in the target; null when it is not made
 * @param made whether provisioning makes it
 * @param reason why it is not made; null when it is
 * @param check what to check of it once made (a function whose strings name a source schema); null
 *     when nothing
 */
public record PlannedObject(
    String source,
    String kind,
    String name,
    String target,
    boolean made,
    String reason,
    String check) {
  static PlannedObject of(String source, SchemaObject object) {
    return new PlannedObject(
        source,
        object.kind(),
        object.source(),
        object.target(),
        object.made(),
        object.notMadeBecause(),
        object.check());
  }
}
