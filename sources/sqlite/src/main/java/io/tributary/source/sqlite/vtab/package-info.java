/**
 * SQLite's virtual tables as Tributary reads them: {@code vec0} tables (sqlite-vec) and full-text
 * tables, their declarations, and the views and functions that make them readable as plain tables
 * on every connection the one connection factory opens. Depends on neither the catalog nor the
 * connection factory, which both use it.
 */
package io.tributary.source.sqlite.vtab;
