package io.tributary.connectworker;

import java.io.IOException;
import java.io.InputStream;
import org.apache.kafka.connect.cli.ConnectDistributed;

/**
 * Runs a Kafka Connect worker in distributed mode ({@code ConnectDistributed}, argument: the
 * worker's properties file) and halts the JVM as soon as its standard input reaches end-of-file:
 * the test that started it holds the other end, so the worker never outlives it, even when the
 * test's JVM is killed.
 */
public final class ConnectWorkerMain {
  private ConnectWorkerMain() {}

  public static void main(String[] args) {
    Thread worker =
        new Thread(
            () -> {
              try {
                ConnectDistributed.main(args);
              } catch (Exception e) {
                e.printStackTrace();
                Runtime.getRuntime().halt(1);
              }
            },
            "connect-worker-main");
    worker.setDaemon(true);
    worker.start();
    awaitEndOfInput(System.in);
    Runtime.getRuntime().halt(0);
  }

  private static void awaitEndOfInput(InputStream in) {
    byte[] buffer = new byte[256];
    try {
      while (in.read(buffer) >= 0) {
        // the parent never writes; it only keeps the pipe open
      }
    } catch (IOException e) {
      // a broken pipe means the parent is gone, too
    }
  }
}
