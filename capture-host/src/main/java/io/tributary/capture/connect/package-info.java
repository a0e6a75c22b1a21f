/**
 * The capture host in a Kafka Connect worker: {@link
 * io.tributary.capture.connect.ConnectCaptureTask} runs the connector task of a source's kind in
 * process, with the lease, fences, topics, progress and removal of {@code io.tributary.capture},
 * reaching the control schema through JDBC.
 */
package io.tributary.capture.connect;
