package dev.flinkyomo.benchmarks.connector.devices;

/**
 * One device count's numbers. Memory per connection is the listener's growth from before the
 * devices connected to after, divided by the devices; CPU is the listener's CPU time over an
 * interval as a percentage of one core, per 1,000 devices.
 */
record ScaleResult(
        int devices,
        long connectMillis,
        long sent,
        long received,
        MemorySnapshot before,
        MemorySnapshot after,
        Cpu cpu,
        Storm storm) {

    /**
     * The listener's CPU in % of one core: before any device connected (the job alone), with every
     * device sending a frame per second, and with every device connected but silent (only QUIC
     * keep-alives).
     */
    record Cpu(double baseline, double sending, double idle) {}

    /** The reconnect storm after a listener kill; times are -1 if not reached. */
    record Storm(
            long readyMillis,
            long allConnectedMillis,
            long allDeliveringMillis,
            long sent,
            long received,
            long rssKiB) {}

    double perConnectionKiB(long before, long after) {
        return (after - before) / (double) devices;
    }

    static String header() {
        return "| devices | connected in | sent | received | listener RSS (before → after) | heap"
                + " used after GC | JVM non-heap (NMT) | untracked native | per connection: RSS /"
                + " heap / untracked | CPU: job alone; per 1k devices at 1 frame/s; per 1k idle | storm: listener up"
                + " / all connected / all delivering (from kill) | storm sent / received |\n"
                + "|---|---|---|---|---|---|---|---|---|---|---|---|";
    }

    String row() {
        return String.format(
                "| %,d | %s | %,d | %,d | %d → %d MiB | %d → %d MiB | %d → %d MiB | %d → %d MiB"
                        + " | %.1f / %.1f / %.1f KiB | %.1f%%; %.1f%%; %.1f%% | %s | %s |",
                devices,
                seconds(connectMillis),
                sent,
                received,
                before.rssKiB() / 1024,
                after.rssKiB() / 1024,
                before.heapUsedKiB() / 1024,
                after.heapUsedKiB() / 1024,
                before.nmtNonHeapKiB() / 1024,
                after.nmtNonHeapKiB() / 1024,
                before.untrackedKiB() / 1024,
                after.untrackedKiB() / 1024,
                perConnectionKiB(before.rssKiB(), after.rssKiB()),
                perConnectionKiB(before.heapUsedKiB(), after.heapUsedKiB()),
                perConnectionKiB(before.untrackedKiB(), after.untrackedKiB()),
                cpu.baseline(),
                per1k(cpu.sending() - cpu.baseline()),
                per1k(cpu.idle() - cpu.baseline()),
                storm == null
                        ? "not run"
                        : String.format(
                                "%s / %s / %s",
                                seconds(storm.readyMillis()),
                                seconds(storm.allConnectedMillis()),
                                seconds(storm.allDeliveringMillis())),
                storm == null ? "" : String.format("%,d / %,d", storm.sent(), storm.received()));
    }

    /** Above the job's own CPU, per 1,000 devices. */
    private double per1k(double percent) {
        return percent / (devices / 1000.0);
    }

    private static String seconds(long millis) {
        return millis < 0 ? "not reached" : String.format("%.1f s", millis / 1000.0);
    }
}
