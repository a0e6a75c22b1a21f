package io.tributary.source.spi.validate;

/**
 * What the validator offers a kind's {@link ValidationSource}.
 *
 * @param pgTables the validator's reads of PostgreSQL servers, for sources that are PostgreSQL
 *     databases
 * @param checksumWalLag how many bytes of WAL capture may have left unconfirmed behind a read of a
 *     PostgreSQL source before it counts as far behind ({@code
 *     tributary.validator.checksum-wal-lag})
 */
public record ValidationContext(PgTableReads pgTables, long checksumWalLag) {}
