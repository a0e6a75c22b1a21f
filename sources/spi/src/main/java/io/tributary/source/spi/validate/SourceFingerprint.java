package io.tributary.source.spi.validate;

/**
 * What changes when a source table is written, as far as the source tells: equal fingerprints taken
 * at two times mean no write was seen in between. A SQLite file with capture's change log gives its
 * {@link WriteMark} (the log's last sequence number: capture's own bookkeeping writes to the file
 * do not move it), one without its {@link FileFingerprint}; a PostgreSQL table its {@link
 * TableActivity}. A table that matched and whose fingerprint and topic did not change is not read
 * again until the refresh period passes (the validator's {@code ValidationPolicy}).
 */
public sealed interface SourceFingerprint permits FileFingerprint, TableActivity, WriteMark {}
