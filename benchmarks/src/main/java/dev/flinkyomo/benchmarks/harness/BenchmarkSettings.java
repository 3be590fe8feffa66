package dev.flinkyomo.benchmarks.harness;

import java.time.Duration;

/**
 * Run length of the end-to-end harnesses: {@code --warmup <s> --measure <s>} (defaults 2 and 4).
 */
public record BenchmarkSettings(Duration warmup, Duration measure) {

    public static BenchmarkSettings parse(String[] args) {
        Duration warmup = Duration.ofSeconds(2);
        Duration measure = Duration.ofSeconds(4);
        for (int i = 0; i + 1 < args.length; i += 2) {
            Duration d = Duration.ofMillis((long) (Double.parseDouble(args[i + 1]) * 1000));
            switch (args[i]) {
                case "--warmup" -> warmup = d;
                case "--measure" -> measure = d;
                default ->
                        throw new IllegalArgumentException(
                                "unknown option " + args[i] + " (use --warmup s, --measure s)");
            }
        }
        return new BenchmarkSettings(warmup, measure);
    }

    public static String machine() {
        return Runtime.getRuntime().availableProcessors()
                + " cpus, "
                + System.getProperty("os.name")
                + " "
                + System.getProperty("os.arch")
                + ", JDK "
                + System.getProperty("java.version");
    }
}
