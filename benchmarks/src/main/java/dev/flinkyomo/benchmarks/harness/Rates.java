package dev.flinkyomo.benchmarks.harness;

import java.util.Arrays;
import java.util.function.LongSupplier;

/** Rates from a running counter, and the median the harnesses report. */
public final class Rates {

    private Rates() {}

    /** Events per second counted during the measurement window, after the warm-up. */
    public static double measure(BenchmarkSettings s, LongSupplier count)
            throws InterruptedException {
        Thread.sleep(s.warmup().toMillis());
        long c0 = count.getAsLong();
        long t0 = System.nanoTime();
        Thread.sleep(s.measure().toMillis());
        long c1 = count.getAsLong();
        return (c1 - c0) / ((System.nanoTime() - t0) / 1e9);
    }

    public static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /**
     * A comma-separated list from a system property, e.g. {@code -Dingest.payloads=32} to profile
     * one case.
     */
    public static int[] ints(String property, String defaults) {
        return Arrays.stream(System.getProperty(property, defaults).split(","))
                .mapToInt(v -> Integer.parseInt(v.trim()))
                .toArray();
    }
}
