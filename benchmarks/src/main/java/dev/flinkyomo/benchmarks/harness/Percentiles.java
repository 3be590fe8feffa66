package dev.flinkyomo.benchmarks.harness;

import java.util.Arrays;

/** Latency percentiles of one round, in milliseconds. */
public record Percentiles(int count, double p50, double p99, double p999, double max) {

    /** From nanosecond samples (sorted here, in place). */
    public static Percentiles ofNanos(long[] samples) {
        if (samples.length == 0) {
            return new Percentiles(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        Arrays.sort(samples);
        return new Percentiles(
                samples.length,
                at(samples, 0.50),
                at(samples, 0.99),
                at(samples, 0.999),
                samples[samples.length - 1] / 1e6);
    }

    /** This minus {@code base}, percentile by percentile. */
    public Percentiles minus(Percentiles base) {
        return new Percentiles(
                count, p50 - base.p50, p99 - base.p99, p999 - base.p999, max - base.max);
    }

    /** The median of each percentile over rounds. */
    public static Percentiles median(Percentiles[] rounds) {
        return new Percentiles(
                (int) Rates.median(Arrays.stream(rounds).mapToDouble(Percentiles::count).toArray()),
                Rates.median(Arrays.stream(rounds).mapToDouble(Percentiles::p50).toArray()),
                Rates.median(Arrays.stream(rounds).mapToDouble(Percentiles::p99).toArray()),
                Rates.median(Arrays.stream(rounds).mapToDouble(Percentiles::p999).toArray()),
                Rates.median(Arrays.stream(rounds).mapToDouble(Percentiles::max).toArray()));
    }

    @Override
    public String toString() {
        return String.format("p50 %6.3f  p99 %6.3f  p99.9 %6.3f  max %7.3f", p50, p99, p999, max);
    }

    private static double at(long[] sorted, double q) {
        return sorted[(int) Math.min(sorted.length - 1, Math.floor(q * sorted.length))] / 1e6;
    }
}
