/**
 * Reading a PostgreSQL database through Debezium's connector and {@code pgoutput}, shared by a
 * PostgreSQL source's capture and the fallback's reverse capture of the target (which is always
 * PostgreSQL): the connector settings both engines share, the envelope encoding of its values, its
 * logical decoding messages, and the value a change lacks.
 */
package io.tributary.capture.pgoutput;
