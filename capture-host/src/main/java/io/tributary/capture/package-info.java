/**
 * The capture host: what runs a capture whatever its kind (leases, fences, progress bookkeeping,
 * topics, removal of ended captures), used by cdc-service's embedded engines and by the Kafka
 * Connect task alike. Plain Java: no CDI, no Vert.x. Kinds plug in through {@code
 * io.tributary.source.spi}.
 */
package io.tributary.capture;
