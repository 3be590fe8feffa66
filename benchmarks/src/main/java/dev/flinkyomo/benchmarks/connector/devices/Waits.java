package dev.flinkyomo.benchmarks.connector.devices;

import java.util.function.BooleanSupplier;

/** Polling waits with a deadline, so every phase of a run ends by itself. */
final class Waits {

    private Waits() {}

    /** Milliseconds until {@code condition} held, or -1 if it did not within {@code timeout}. */
    static long until(BooleanSupplier condition, long timeoutMillis) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + timeoutMillis * 1_000_000;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return -1;
            }
            Thread.sleep(50);
        }
        return (System.nanoTime() - start) / 1_000_000;
    }
}
