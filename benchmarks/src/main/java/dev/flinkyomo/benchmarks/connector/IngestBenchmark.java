package dev.flinkyomo.benchmarks.connector;

import dev.flinkyomo.common.YomoRecord;
import dev.flinkyomo.connector.yomo.source.YomoListenerRegistry;
import dev.flinkyomo.connector.yomo.source.YomoSource;
import dev.flinkyomo.connector.yomo.transport.TlsOptions;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;

/**
 * Ingest throughput: 1 and 4 YoMo sources writing 32 B and 1 KiB payloads as fast as QUIC flow
 * control allows, (a) into a raw Netty QUIC server that only counts frames (the ceiling) and
 * (b) into a Flink job (parallelism 1) of YomoSource into a counting sink, submitted to one
 * MiniCluster that stays up for the whole run (a cluster per round measured its own start-up).
 * Both in the same run, so the ratio is meaningful on a busy machine; each case runs several rounds
 * of raw then Flink ({@code -Dingest.rounds}, default 3) and reports medians (the ratio column is
 * the median of the per-round ratios).
 *
 * <pre>java [-Dingest.payloads=32,1024] [-Dingest.clients=1,4] [-Dingest.rounds=3] -cp benchmarks/target/benchmarks.jar dev.flinkyomo.benchmarks.connector.IngestBenchmark [--warmup 2 --measure 4]</pre>
 */
public final class IngestBenchmark {

    private static int run;
    private static MiniCluster cluster;

    private IngestBenchmark() {}

    public static void main(String[] args) throws Exception {
        BenchmarkSettings s = BenchmarkSettings.parse(args);
        int rounds = Integer.getInteger("ingest.rounds", 3);
        System.out.printf("machine: %s; warmup %d ms, measure %d ms, %d rounds of raw then Flink per case%n",
                BenchmarkSettings.machine(), s.warmup().toMillis(), s.measure().toMillis(), rounds);
        System.out.printf("%-8s %-7s %14s %10s %14s %10s %7s   %s%n",
                "payload", "clients", "raw frames/s", "raw MB/s", "flink frames/s", "flink MB/s", "ratio", "ratio per round");
        // The first Flink job in a fresh JVM runs far below its steady rate for several seconds
        // while C2 compiles Flink's and the connector's paths (measured: 4% of raw in the first
        // 6 s, 91% after an 8 s warm-up), so one untimed round of each side comes first.
        double warmRaw = raw(s, 32, 1);
        double warmFlink = flink(s, 32, 1);
        System.out.printf("(JIT warm-up round, not counted: 32 B, 1 client, %.0f%%)%n", 100 * warmFlink / warmRaw);
        for (int payload : ints("ingest.payloads", "32,1024")) {
            for (int clients : ints("ingest.clients", "1,4")) {
                double[] raw = new double[rounds];
                double[] flink = new double[rounds];
                double[] ratio = new double[rounds];
                StringBuilder perRound = new StringBuilder();
                for (int r = 0; r < rounds; r++) {
                    // alternating, so a slow phase of the machine hits both sides alike
                    raw[r] = raw(s, payload, clients);
                    flink[r] = flink(s, payload, clients);
                    ratio[r] = flink[r] / raw[r];
                    perRound.append(String.format("%s%.0f%%", r == 0 ? "" : " ", 100 * ratio[r]));
                }
                double rawMedian = median(raw);
                double flinkMedian = median(flink);
                System.out.printf("%-8s %-7d %14.0f %10.1f %14.0f %10.1f %6.0f%%   %s%n",
                        payload + " B", clients, rawMedian, rawMedian * payload / 1e6, flinkMedian,
                        flinkMedian * payload / 1e6, 100 * median(ratio), perRound);
            }
        }
        System.exit(0); // the embedded cluster's non-daemon threads
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** A comma-separated list from a system property, e.g. {@code -Dingest.payloads=32} to profile one case. */
    private static int[] ints(String property, String defaults) {
        return Arrays.stream(System.getProperty(property, defaults).split(",")).mapToInt(v -> Integer.parseInt(v.trim())).toArray();
    }

    private static double raw(BenchmarkSettings s, int payload, int clients) throws Exception {
        try (RawQuicCountingServer server = new RawQuicCountingServer();
                FrameBlaster ignored = new FrameBlaster(server.port(), clients, payload)) {
            return measure(s, server.frames::get);
        }
    }

    private static double flink(BenchmarkSettings s, int payload, int clients) throws Exception {
        String name = "ingest-" + run++;
        StreamExecutionEnvironment env = new StreamExecutionEnvironment();
        env.setParallelism(1);
        YomoSource<YomoRecord> source = YomoSource.builder()
                .setListenerName(name)
                .setHost("127.0.0.1")
                .setPort(0)
                .setTls(TlsOptions.INSECURE_DEFAULT)
                .build();
        env.fromSource(source, WatermarkStrategy.noWatermarks(), "yomo").sinkTo(new CountingSink<>());
        StreamGraph streamGraph = env.getStreamGraph();
        streamGraph.setJobName("yomo-ingest-" + payload + "B-" + clients);
        JobGraph graph = streamGraph.getJobGraph();
        JobID job = cluster().submitJob(graph).get(60, TimeUnit.SECONDS).getJobID();
        try {
            int port = YomoListenerRegistry.addressOf(name, 0).get(60, TimeUnit.SECONDS).getPort();
            try (FrameBlaster ignored = new FrameBlaster(port, clients, payload)) {
                return measure(s, CountingSink.COUNT::get);
            }
        } finally {
            cluster.cancelJob(job).get(30, TimeUnit.SECONDS);
            // the next round needs the slot (and the listener's port registry entry) back
            while (!cluster.getJobStatus(job).get(30, TimeUnit.SECONDS).isGloballyTerminalState()) {
                Thread.sleep(20);
            }
        }
    }

    private static MiniCluster cluster() throws Exception {
        if (cluster == null) {
            cluster = new MiniCluster(new MiniClusterConfiguration.Builder()
                    .setConfiguration(new Configuration())
                    .setNumTaskManagers(1)
                    .setNumSlotsPerTaskManager(1)
                    .build());
            cluster.start();
        }
        return cluster;
    }

    /** Frames per second counted during the measurement window, after the warm-up. */
    private static double measure(BenchmarkSettings s, LongSupplier count) throws InterruptedException {
        Thread.sleep(s.warmup().toMillis());
        long c0 = count.getAsLong();
        long t0 = System.nanoTime();
        Thread.sleep(s.measure().toMillis());
        long c1 = count.getAsLong();
        return (c1 - c0) / ((System.nanoTime() - t0) / 1e9);
    }
}
