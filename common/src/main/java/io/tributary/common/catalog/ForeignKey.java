package io.tributary.common.catalog;

/** A declared foreign key of one column: {@code column REFERENCES table(refColumn)}. */
public record ForeignKey(String column, String table, String refColumn) {}
