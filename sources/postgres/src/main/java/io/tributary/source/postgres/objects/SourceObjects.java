package io.tributary.source.postgres.objects;

import io.tributary.common.catalog.TableDef;
import java.sql.Connection;
import java.util.Map;

/**
 * What the readers of a source schema's security share ({@link PostgresPolicyReader}, {@link
 * PostgresGrantReader}): the source connection, the objects read so far, and the migrated tables.
 *
 * @param tables the migrated tables by source schema and name ({@code schema\0name})
 */
record SourceObjects(Connection connection, ObjectsMade objects, Map<String, TableDef> tables) {}
