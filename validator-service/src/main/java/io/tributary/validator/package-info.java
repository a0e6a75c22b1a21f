/**
 * The continuous validator of Tributary.
 *
 * <p>Every {@code tributary.validator.interval} ({@link
 * io.tributary.validator.ValidationScheduler}) the {@link io.tributary.validator.ValidationRunner}
 * reads the tables of the active migrations from the control schema ({@link
 * io.tributary.validator.ValidatedTableRepository}) and, for each one that may have changed ({@link
 * io.tributary.validator.ValidationPolicy}), the {@link io.tributary.validator.TableValidator}:
 *
 * <ol>
 *   <li>counts the source table (SQLite: {@link io.tributary.validator.sqlite.SqliteTableVerifier};
 *       PostgreSQL: {@link io.tributary.validator.postgres.PostgresSourceVerifier}, which reads it
 *       with the target side's own code, {@link
 *       io.tributary.validator.postgres.PostgresTableReader}) and the target table with apply's
 *       rejects and offsets, in one snapshot ({@link io.tributary.validator.TargetTableVerifier});
 *   <li>only when the counts agree, checksums both sides at the same time (common's {@code
 *       TableChecksum} over values decoded as apply decodes them);
 *   <li>reads apply's lag from Kafka end offsets ({@link io.tributary.validator.TopicOffsetReader})
 *       minus apply's committed offsets ({@link io.tributary.common.kafka.ApplyLag});
 *   <li>decides MATCH, PENDING, MISMATCH or ERROR ({@link io.tributary.validator.StatusDecider}).
 * </ol>
 *
 * New or due results go to {@code tributary.validations} ({@link
 * io.tributary.validator.ValidationRepository}) and then to topic {@code tributary.validation}
 * ({@link io.tributary.validator.ValidationPublisher}; the JSON is documented on {@link
 * io.tributary.validator.ValidationResult}). {@code GET /validations/{migration}} returns the
 * latest recorded result per table, {@code POST /validations/{migration}} validates now ({@link
 * io.tributary.validator.ValidationResource}).
 */
package io.tributary.validator;
