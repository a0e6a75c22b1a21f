package io.tributary.cdc.api;

import io.tributary.cdc.apply.ApplyLoop;
import io.tributary.cdc.capture.CaptureMetrics;
import io.tributary.cdc.capture.EngineWorkers;
import io.tributary.cdc.capture.SlotLagSweeper;
import io.tributary.source.spi.capture.CaptureLag;
import io.tributary.source.spi.capture.StraySlot;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** What this cdc-service instance is doing: running captures, records published and applied. */
@Path("/cdc/status")
@Produces(MediaType.APPLICATION_JSON)
public class CdcStatusResource {
  private final EngineWorkers captures;
  private final SlotLagSweeper slots;
  private final CaptureMetrics captureMetrics;
  private final ApplyLoop apply;

  public CdcStatusResource(
      EngineWorkers captures,
      SlotLagSweeper slots,
      CaptureMetrics captureMetrics,
      ApplyLoop apply) {
    this.captures = captures;
    this.slots = slots;
    this.captureMetrics = captureMetrics;
    this.apply = apply;
  }

  /**
   * The instance's status.
   *
   * @param captures ids ({@code migration/source}) of running captures
   * @param published change events acknowledged by Kafka since start
   * @param applied records committed to the target since start
   * @param rejected records rejected since start
   * @param applyHealthy false after a batch failed all its retries, until one commits
   * @param lastError the last apply error, if any
   * @param slots of running PostgreSQL captures, the replication slot's state as last read
   * @param straySlots per running PostgreSQL capture, the slots in its database named as Tributary
   *     names them that no active migration uses (they hold WAL back), each with the statement that
   *     drops it
   */
  public record Status(
      Set<String> captures,
      long published,
      long applied,
      long rejected,
      boolean applyHealthy,
      String lastError,
      Map<String, CaptureLag> slots,
      Map<String, List<StraySlot>> straySlots) {}

  @GET
  public Status status() {
    return new Status(
        new TreeSet<>(captures.runningCaptures()),
        captureMetrics.published(),
        apply.appliedRecords(),
        apply.rejectedRecords(),
        apply.healthy(),
        apply.lastError(),
        new TreeMap<>(slots.slotLags()),
        slots.straySlots());
  }
}
