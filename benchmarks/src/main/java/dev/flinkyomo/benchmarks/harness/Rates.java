package dev.flinkyomo.benchmarks.harness;

import java.util.Arrays;
import java.util.function.LongSupplier;

/** Rates from a running counter, and the median the harnesses report. */
public final class Rates {

    private Rates() {}

    /** Events per second counted during the measurement window, after the warm-up. */
    public static double measure(BenchmarkSettings s, LongSupplier count)
            throws InterruptedException {
        return window(s, count, () -> {}, () -> {}).perSecond();
    }

    /** What a measurement window counted, and its length on the wall clock. */
    public record Window(long events, long nanos) {
        public double perSecond() {
            return events / (nanos / 1e9);
        }
    }

    /**
     * The window of {@link #measure}, with {@code atStart} and {@code atEnd} run at its edges (to
     * read other clocks over the same window, e.g. threads' CPU time).
     */
    public static Window window(
            BenchmarkSettings s, LongSupplier count, Runnable atStart, Runnable atEnd)
            throws InterruptedException {
        Thread.sleep(s.warmup().toMillis());
        long c0 = count.getAsLong();
        atStart.run();
        long t0 = System.nanoTime();
        Thread.sleep(s.measure().toMillis());
        long c1 = count.getAsLong();
        long t1 = System.nanoTime();
        atEnd.run();
        return new Window(c1 - c0, t1 - t0);
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
