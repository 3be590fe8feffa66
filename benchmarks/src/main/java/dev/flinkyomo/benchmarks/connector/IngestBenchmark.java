package dev.flinkyomo.benchmarks.connector;

import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import dev.flinkyomo.benchmarks.harness.BenchmarkSettings;
import dev.flinkyomo.benchmarks.harness.CountingSink;
import dev.flinkyomo.benchmarks.harness.PairedRounds;
import dev.flinkyomo.benchmarks.harness.Rates;
import dev.flinkyomo.benchmarks.harness.SharedMiniCluster;
import dev.flinkyomo.common.YomoRecord;
import dev.flinkyomo.connector.yomo.source.YomoListenerRegistry;
import dev.flinkyomo.connector.yomo.source.YomoSource;
import dev.flinkyomo.yomo.transport.ListenerOptions;
import dev.flinkyomo.yomo.transport.TlsOptions;

import java.util.concurrent.TimeUnit;

/**
 * Ingest throughput: 1 and 4 YoMo sources writing 32 B and 1 KiB payloads as fast as QUIC flow
 * control allows, (a) into a raw Netty QUIC server that only counts frames (the ceiling) and (b)
 * into a Flink job (parallelism 1) of YomoSource into a counting sink, submitted to one MiniCluster
 * that stays up for the whole run (a cluster per round measured its own start-up). Both in the same
 * run, so the ratio is meaningful on a busy machine; each case runs several rounds of raw then
 * Flink ({@code -Dingest.rounds}, default 3) and reports medians (the ratio column is the median of
 * the per-round ratios).
 *
 * <pre>
 * java [-Dingest.payloads=32,1024] [-Dingest.clients=1,4] [-Dingest.rounds=3] -cp benchmarks/target/benchmarks.jar dev.flinkyomo.benchmarks.connector.IngestBenchmark [--warmup 2 --measure 4]
 * </pre>
 */
public final class IngestBenchmark {

    private static int run;

    private IngestBenchmark() {}

    public static void main(String[] args) throws Exception {
        BenchmarkSettings s = BenchmarkSettings.parse(args);
        int rounds = Integer.getInteger("ingest.rounds", 3);
        System.out.printf(
                "machine: %s; warmup %d ms, measure %d ms, %d rounds of raw then Flink per case%n",
                BenchmarkSettings.machine(), s.warmup().toMillis(), s.measure().toMillis(), rounds);
        System.out.printf(
                "%-8s %-7s %14s %10s %14s %10s %7s   %s%n",
                "payload",
                "clients",
                "raw frames/s",
                "raw MB/s",
                "flink frames/s",
                "flink MB/s",
                "ratio",
                "ratio per round");
        // The first Flink job in a fresh JVM runs far below its steady rate for several seconds
        // while C2 compiles Flink's and the connector's paths (measured: 4% of raw in the first
        // 6 s, 91% after an 8 s warm-up), so one untimed round of each side comes first.
        double warmRaw = raw(s, 32, 1);
        double warmFlink = flink(s, 32, 1);
        System.out.printf(
                "(JIT warm-up round, not counted: 32 B, 1 client, %.0f%%)%n",
                100 * warmFlink / warmRaw);
        for (int payload : Rates.ints("ingest.payloads", "32,1024")) {
            for (int clients : Rates.ints("ingest.clients", "1,4")) {
                PairedRounds.Result r =
                        PairedRounds.run(
                                rounds,
                                () -> raw(s, payload, clients),
                                () -> flink(s, payload, clients));
                System.out.printf(
                        "%-8s %-7d %14.0f %10.1f %14.0f %10.1f %6.0f%%   %s%n",
                        payload + " B",
                        clients,
                        r.baselineMedian(),
                        r.baselineMedian() * payload / 1e6,
                        r.candidateMedian(),
                        r.candidateMedian() * payload / 1e6,
                        100 * r.ratioMedian(),
                        r.perRound());
            }
        }
        System.exit(0); // the embedded cluster's non-daemon threads
    }

    private static double raw(BenchmarkSettings s, int payload, int clients) throws Exception {
        try (RawQuicCountingServer server = new RawQuicCountingServer();
                FrameBlaster ignored = new FrameBlaster(server.port(), clients, payload)) {
            return Rates.measure(s, server.frames::get);
        }
    }

    private static double flink(BenchmarkSettings s, int payload, int clients) throws Exception {
        String name = "ingest-" + run++;
        StreamExecutionEnvironment env = new StreamExecutionEnvironment();
        env.setParallelism(1);
        YomoSource<YomoRecord> source =
                YomoSource.listener()
                        .setListenerName(name)
                        .setHost("127.0.0.1")
                        .setPort(0)
                        .setTls(TlsOptions.INSECURE_DEFAULT)
                        // -Dingest.memoryBudget=8g gives the listener the 8 MiB stream window of
                        // the raw server (the default budget derives about 109 KiB)
                        .setMemoryBudget(
                                MemorySize.parse(
                                                System.getProperty(
                                                        "ingest.memoryBudget",
                                                        ListenerOptions.DEFAULT_MEMORY_BUDGET
                                                                + "b"))
                                        .getBytes())
                        .build();
        env.fromSource(source, WatermarkStrategy.noWatermarks(), "yomo")
                .sinkTo(new CountingSink<>());
        JobID job = SharedMiniCluster.submit(env, "yomo-ingest-" + payload + "B-" + clients);
        try {
            int port = YomoListenerRegistry.addressOf(name, 0).get(60, TimeUnit.SECONDS).getPort();
            try (FrameBlaster ignored = new FrameBlaster(port, clients, payload)) {
                return Rates.measure(s, CountingSink.COUNT::get);
            }
        } finally {
            // the next round needs the slot (and the listener's port registry entry) back
            SharedMiniCluster.cancel(job);
        }
    }
}
