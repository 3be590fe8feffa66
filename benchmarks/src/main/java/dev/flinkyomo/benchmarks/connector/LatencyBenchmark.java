package dev.flinkyomo.benchmarks.connector;

import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import dev.flinkyomo.benchmarks.harness.BenchmarkSettings;
import dev.flinkyomo.benchmarks.harness.Percentiles;
import dev.flinkyomo.benchmarks.harness.SharedMiniCluster;
import dev.flinkyomo.common.YomoRecord;
import dev.flinkyomo.connector.yomo.sink.YomoRecordSerializer;
import dev.flinkyomo.connector.yomo.sink.YomoSink;
import dev.flinkyomo.connector.yomo.source.YomoListenerRegistry;
import dev.flinkyomo.connector.yomo.source.YomoListenerSourceBuilder;
import dev.flinkyomo.connector.yomo.source.YomoSource;
import dev.flinkyomo.yomo.transport.BoundedFrameQueue;
import dev.flinkyomo.yomo.transport.InboundFrame;
import dev.flinkyomo.yomo.transport.ListenerMetrics;
import dev.flinkyomo.yomo.transport.ListenerOptions;
import dev.flinkyomo.yomo.transport.TlsOptions;
import dev.flinkyomo.yomo.transport.YomoListener;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * End-to-end latency on loopback at a fixed rate (default 10k frames/s of 32 B, one flush per
 * frame), through Flink and through a raw relay, in alternating rounds of one run so a slow phase
 * of the machine hits both alike:
 *
 * <ul>
 *   <li><b>relay</b>: {@link RawQuicRelay}, a bare Netty QUIC server that derives the tag of each
 *       frame and forwards it through a YoMo client, flushing per frame: a minimal zipper;
 *   <li><b>flink</b>: a job {@code YomoSource -> derive(0x34) -> YomoSink} (parallelism 1, chained
 *       in one task) on one embedded MiniCluster that stays up for the run.
 * </ul>
 *
 * The same sender ({@link FixedRateProbe}) and the same receiving YoMo listener (standing in for
 * the peer zipper) serve both, in one JVM, so send and receive stamps share a clock. Reports p50,
 * p99 and p99.9 per round, their medians, and what Flink adds (flink minus relay, per round and the
 * median of those differences), and each side's latency split at a midpoint stamp (the relay's
 * receiving event loop; the job's task thread, after the source's hand-offs): the leg to it and the
 * leg from it, so the report says which half a tail is in. Untimed rounds of each side first: the
 * first rounds in a fresh JVM run while C2 compiles. Side {@code flink-nolinger} is the job with
 * the source's fetch linger off.
 *
 * <pre>
 * java [-Dlatency.rounds=5] [-Dlatency.warmupRounds=2] [-Dlatency.rate=10000] [-Dlatency.sides=relay,flink,flink-nolinger] -cp benchmarks/target/benchmarks.jar dev.flinkyomo.benchmarks.connector.LatencyBenchmark [--warmup 2 --measure 4]
 * </pre>
 */
public final class LatencyBenchmark {

    private static final long OUT_TAG = 0x34;
    private static int run;

    private LatencyBenchmark() {}

    public static void main(String[] args) {
        try {
            run(args);
        } catch (Throwable t) {
            t.printStackTrace();
            System.exit(1); // the event loops and the MiniCluster would keep the JVM alive
        }
        System.exit(0);
    }

    private static void run(String[] args) throws Exception {
        BenchmarkSettings s = BenchmarkSettings.parse(args);
        int rounds = Integer.getInteger("latency.rounds", 5);
        int rate = Integer.getInteger("latency.rate", 10_000);
        int warmupRounds = Integer.getInteger("latency.warmupRounds", 2);
        List<String> sides = List.of(System.getProperty("latency.sides", "relay,flink").split(","));
        BoundedFrameQueue<InboundFrame> received = new BoundedFrameQueue<>(1 << 16);
        try (YomoListener peer =
                new YomoListener(
                        ListenerOptions.builder()
                                .name("peer")
                                .host("127.0.0.1")
                                .port(0)
                                .tls(TlsOptions.INSECURE_DEFAULT)
                                .build(),
                        received,
                        ListenerMetrics.NO_OP)) {
            int peerPort = peer.start().getPort();
            FixedRateProbe probe = new FixedRateProbe(s, rate, received);
            System.out.printf(
                    "machine: %s; %d frames/s of %d B, warmup %d ms, measure %d ms, %d rounds of"
                            + " %s; latency in ms%n",
                    BenchmarkSettings.machine(),
                    rate,
                    FixedRateProbe.PAYLOAD,
                    s.warmup().toMillis(),
                    s.measure().toMillis(),
                    rounds,
                    String.join(" then ", sides));
            long round = 0;
            // measured: the relay's first two rounds in a fresh JVM on the loaded 2-vCPU machine
            // had p50 of 0.4 to 7.7 s (a backlog while C2 compiled), the third 0.6 ms
            for (int w = 0; w < warmupRounds; w++) {
                for (String side : sides) {
                    Percentiles p =
                            Percentiles.ofNanos(side(side, probe, peerPort, round++).total());
                    System.out.printf("(warm-up round, not counted) %-14s %s%n", side, p);
                }
            }
            Map<String, List<Percentiles>> results = new LinkedHashMap<>();
            for (int r = 0; r < rounds; r++) {
                Percentiles relayRound = null;
                for (String side : sides) {
                    FixedRateProbe.Latencies l = side(side, probe, peerPort, round++);
                    Percentiles p = Percentiles.ofNanos(l.total());
                    Percentiles up = Percentiles.ofNanos(l.upstream());
                    Percentiles down = Percentiles.ofNanos(l.downstream());
                    System.out.printf(
                            "round %d %-14s %s  (%d frames; ended at JVM uptime %.1f s)%n"
                                    + "        %-14s %s%n        %-14s %s%n",
                            r,
                            side,
                            p,
                            p.count(),
                            uptimeSeconds(),
                            "  to midpoint",
                            up,
                            "  from midpoint",
                            down);
                    results.computeIfAbsent(side, k -> new ArrayList<>()).add(p);
                    results.computeIfAbsent(side + " to midpoint", k -> new ArrayList<>()).add(up);
                    results.computeIfAbsent(side + " from midpoint", k -> new ArrayList<>())
                            .add(down);
                    if (side.equals("relay")) {
                        relayRound = p;
                    } else if (relayRound != null) {
                        // what Flink adds, paired with the relay round just before
                        Percentiles d = p.minus(relayRound);
                        results.computeIfAbsent(side + " - relay", k -> new ArrayList<>()).add(d);
                        System.out.printf("round %d %s - relay: %s%n", r, side, d);
                    }
                }
            }
            System.out.println("median over rounds:");
            results.forEach(LatencyBenchmark::report);
        }
    }

    /** To line rounds up with GC logs and JFR recordings, which stamp JVM uptime. */
    private static double uptimeSeconds() {
        return ManagementFactory.getRuntimeMXBean().getUptime() / 1e3;
    }

    private static void report(String name, List<Percentiles> rounds) {
        if (!rounds.isEmpty()) {
            System.out.printf(
                    "  %-22s %s%n", name, Percentiles.median(rounds.toArray(new Percentiles[0])));
        }
    }

    private static FixedRateProbe.Latencies side(
            String side, FixedRateProbe probe, int peerPort, long round) throws Exception {
        return switch (side) {
            case "relay" -> relay(probe, peerPort, round);
            case "flink" -> flink(probe, peerPort, round, null);
            // the A/B of the fetcher's linger (FrameQueueSettings) in one run
            case "flink-nolinger" -> flink(probe, peerPort, round, Duration.ZERO);
            default -> throw new IllegalArgumentException("unknown side " + side);
        };
    }

    private static FixedRateProbe.Latencies relay(FixedRateProbe probe, int peerPort, long round)
            throws Exception {
        try (RawQuicRelay relay = new RawQuicRelay(peerPort, OUT_TAG)) {
            return probe.run(relay.port(), round);
        }
    }

    /**
     * @param fetchLinger the source's fetch linger, or null for its default
     */
    private static FixedRateProbe.Latencies flink(
            FixedRateProbe probe, int peerPort, long round, Duration fetchLinger) throws Exception {
        String name = "latency-" + run++;
        StreamExecutionEnvironment env = new StreamExecutionEnvironment();
        env.setParallelism(1);
        YomoListenerSourceBuilder<YomoRecord> source =
                YomoSource.listener()
                        .setListenerName(name)
                        .setHost("127.0.0.1")
                        .setPort(0)
                        .setTls(TlsOptions.INSECURE_DEFAULT)
                        // room for one connection (and one pending): the default budget
                        // then grants the full 8 MiB stream window the relay has, instead
                        // of the about 109 KiB it leaves each of 1,280 connections
                        .setMaxConnections(1)
                        .setMaxPendingConnections(1);
        if (fetchLinger != null) {
            source.setFetchLinger(fetchLinger);
        }
        env.fromSource(source.build(), WatermarkStrategy.noWatermarks(), "yomo")
                .map(r -> r.derive(OUT_TAG, FixedRateProbe.stampMidpoint(r.getPayload())))
                .returns(YomoRecord.class)
                .sinkTo(
                        YomoSink.<YomoRecord>builder()
                                .setZipper("127.0.0.1", peerPort)
                                .setClientName("latency-sink")
                                .setTls(TlsOptions.INSECURE_DEFAULT)
                                .setRecordSerializer(YomoRecordSerializer.yomoRecords())
                                .build());
        JobID job = SharedMiniCluster.submit(env, "yomo-latency");
        try {
            int port = YomoListenerRegistry.addressOf(name, 0).get(60, TimeUnit.SECONDS).getPort();
            return probe.run(port, round);
        } finally {
            SharedMiniCluster.cancel(job);
        }
    }
}
