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
import dev.flinkyomo.connector.yomo.source.YomoSource;
import dev.flinkyomo.yomo.transport.BoundedFrameQueue;
import dev.flinkyomo.yomo.transport.InboundFrame;
import dev.flinkyomo.yomo.transport.ListenerMetrics;
import dev.flinkyomo.yomo.transport.ListenerOptions;
import dev.flinkyomo.yomo.transport.TlsOptions;
import dev.flinkyomo.yomo.transport.YomoListener;

import java.util.ArrayList;
import java.util.List;
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
 * median of those differences). One untimed round of each side first: the first job in a fresh JVM
 * runs while C2 compiles.
 *
 * <pre>
 * java [-Dlatency.rounds=5] [-Dlatency.rate=10000] [-Dlatency.sides=relay,flink] -cp benchmarks/target/benchmarks.jar dev.flinkyomo.benchmarks.connector.LatencyBenchmark [--warmup 2 --measure 4]
 * </pre>
 */
public final class LatencyBenchmark {

    private static final long OUT_TAG = 0x34;
    private static int run;

    private LatencyBenchmark() {}

    public static void main(String[] args) throws Exception {
        BenchmarkSettings s = BenchmarkSettings.parse(args);
        int rounds = Integer.getInteger("latency.rounds", 5);
        int rate = Integer.getInteger("latency.rate", 10_000);
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
            for (String side : sides) {
                Percentiles p = side(side, probe, peerPort, round++);
                System.out.printf("(warm-up round, not counted) %-5s %s%n", side, p);
            }
            List<Percentiles> relay = new ArrayList<>();
            List<Percentiles> flink = new ArrayList<>();
            List<Percentiles> added = new ArrayList<>();
            for (int r = 0; r < rounds; r++) {
                Percentiles relayRound = null;
                for (String side : sides) {
                    Percentiles p = side(side, probe, peerPort, round++);
                    System.out.printf("round %d %-5s %s  (%d frames)%n", r, side, p, p.count());
                    if (side.equals("relay")) {
                        relay.add(relayRound = p);
                    } else {
                        flink.add(p);
                        if (relayRound != null) {
                            Percentiles d = p.minus(relayRound);
                            added.add(d);
                            System.out.printf("round %d added %s%n", r, d);
                        }
                    }
                }
            }
            System.out.println("median over rounds:");
            report("relay", relay);
            report("flink", flink);
            report("added", added);
        }
        System.exit(0);
    }

    private static void report(String name, List<Percentiles> rounds) {
        if (!rounds.isEmpty()) {
            System.out.printf(
                    "  %-5s %s%n", name, Percentiles.median(rounds.toArray(new Percentiles[0])));
        }
    }

    private static Percentiles side(String side, FixedRateProbe probe, int peerPort, long round)
            throws Exception {
        return Percentiles.ofNanos(
                switch (side) {
                    case "relay" -> relay(probe, peerPort, round);
                    case "flink" -> flink(probe, peerPort, round);
                    default -> throw new IllegalArgumentException("unknown side " + side);
                });
    }

    private static long[] relay(FixedRateProbe probe, int peerPort, long round) throws Exception {
        try (RawQuicRelay relay = new RawQuicRelay(peerPort, OUT_TAG)) {
            return probe.run(relay.port(), round);
        }
    }

    private static long[] flink(FixedRateProbe probe, int peerPort, long round) throws Exception {
        String name = "latency-" + run++;
        StreamExecutionEnvironment env = new StreamExecutionEnvironment();
        env.setParallelism(1);
        env.fromSource(
                        YomoSource.listener()
                                .setListenerName(name)
                                .setHost("127.0.0.1")
                                .setPort(0)
                                .setTls(TlsOptions.INSECURE_DEFAULT)
                                // room for one connection (and one pending): the default budget
                                // then grants the full 8 MiB stream window the relay has, instead
                                // of the about 109 KiB it leaves each of 1,280 connections
                                .setMaxConnections(1)
                                .setMaxPendingConnections(1)
                                .build(),
                        WatermarkStrategy.noWatermarks(),
                        "yomo")
                .map(r -> r.derive(OUT_TAG, r.getPayload()))
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
