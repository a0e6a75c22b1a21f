/**
 * The one way any service opens a SQLite source file ({@link
 * io.tributary.source.sqlite.connect.SqliteConnections}), with the one policy for waiting on the
 * application's locks ({@link io.tributary.source.sqlite.connect.SqliteBusyWait}).
 */
package io.tributary.source.sqlite.connect;
