package io.tributary.source.postgres.capture;

import java.util.List;

/**
 * What removing a capture from a PostgreSQL source did.
 *
 * @param consumer the capture ({@code migration/source})
 * @param database the source database (without password)
 * @param done one line per object: slot, publication, replica identities
 */
public record PostgresUninstallReport(String consumer, String database, List<String> done) {}
