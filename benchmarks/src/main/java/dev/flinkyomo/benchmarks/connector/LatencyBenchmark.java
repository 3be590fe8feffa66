package dev.flinkyomo.benchmarks.connector;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import dev.flinkyomo.benchmarks.harness.BenchmarkSettings;
import dev.flinkyomo.common.YomoRecord;
import dev.flinkyomo.connector.yomo.sink.YomoRecordSerializer;
import dev.flinkyomo.connector.yomo.sink.YomoSink;
import dev.flinkyomo.connector.yomo.source.YomoListenerRegistry;
import dev.flinkyomo.connector.yomo.source.YomoSource;
import dev.flinkyomo.yomo.protocol.ClientType;
import dev.flinkyomo.yomo.protocol.DataFrame;
import dev.flinkyomo.yomo.protocol.MetadataCodec;
import dev.flinkyomo.yomo.transport.BoundedFrameQueue;
import dev.flinkyomo.yomo.transport.ClientOptions;
import dev.flinkyomo.yomo.transport.InboundFrame;
import dev.flinkyomo.yomo.transport.ListenerMetrics;
import dev.flinkyomo.yomo.transport.ListenerOptions;
import dev.flinkyomo.yomo.transport.TlsOptions;
import dev.flinkyomo.yomo.transport.YomoClient;
import dev.flinkyomo.yomo.transport.YomoClientListener;
import dev.flinkyomo.yomo.transport.YomoListener;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * End-to-end latency source -> Flink -> sink -> peer on loopback at a fixed rate (default 10k
 * frames/s): a YoMo source writes frames stamped with {@code System.nanoTime()}; the job (embedded
 * MiniCluster, parallelism 1, source -> derive -> YomoSink chained in one task) writes each one
 * back with a new tag; a YoMo listener standing in for the peer zipper receives them. All in one
 * JVM, so send and receive stamps share a clock.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.flinkyomo.benchmarks.connector.LatencyBenchmark [--warmup 2 --measure 4]
 * </pre>
 */
public final class LatencyBenchmark {

    private static final int RATE = 10_000;
    private static final int PAYLOAD = 32;

    private LatencyBenchmark() {}

    public static void main(String[] args) throws Exception {
        BenchmarkSettings s = BenchmarkSettings.parse(args);
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
            StreamExecutionEnvironment env =
                    StreamExecutionEnvironment.createLocalEnvironment(1, new Configuration());
            env.fromSource(
                            YomoSource.listener()
                                    .setListenerName("latency")
                                    .setHost("127.0.0.1")
                                    .setPort(0)
                                    .setTls(TlsOptions.INSECURE_DEFAULT)
                                    .build(),
                            WatermarkStrategy.noWatermarks(),
                            "yomo")
                    .map(r -> r.derive(0x34, r.getPayload()))
                    .returns(YomoRecord.class)
                    .sinkTo(
                            YomoSink.<YomoRecord>builder()
                                    .setZipper("127.0.0.1", peerPort)
                                    .setClientName("latency-sink")
                                    .setTls(TlsOptions.INSECURE_DEFAULT)
                                    .setRecordSerializer(YomoRecordSerializer.yomoRecords())
                                    .build());
            JobClient job = env.executeAsync("yomo-latency");
            try {
                int port =
                        YomoListenerRegistry.addressOf("latency", 0)
                                .get(60, TimeUnit.SECONDS)
                                .getPort();
                long[] latencies = run(s, port, received);
                Arrays.sort(latencies);
                System.out.printf(
                        "machine: %s; %d frames/s of %d B, warmup %d ms, measured %d frames%n",
                        BenchmarkSettings.machine(),
                        RATE,
                        PAYLOAD,
                        s.warmup().toMillis(),
                        latencies.length);
                System.out.printf(
                        "latency ms: p50 %.3f  p90 %.3f  p99 %.3f  p99.9 %.3f  max %.3f%n",
                        pct(latencies, 0.50),
                        pct(latencies, 0.90),
                        pct(latencies, 0.99),
                        pct(latencies, 0.999),
                        latencies[latencies.length - 1] / 1e6);
            } finally {
                job.cancel().get(30, TimeUnit.SECONDS);
            }
        }
        System.exit(0);
    }

    /** Sends at the fixed rate on this thread, collects arrival latencies on another. */
    private static long[] run(
            BenchmarkSettings s, int port, BoundedFrameQueue<InboundFrame> received)
            throws Exception {
        long total = (s.warmup().toMillis() + s.measure().toMillis()) * RATE / 1000;
        long warm = s.warmup().toMillis() * RATE / 1000;
        List<Long> measured = new ArrayList<>((int) (total - warm));
        Thread collector =
                new Thread(() -> collect(received, total, warm, measured), "latency-collector");
        collector.start();
        ClientOptions options =
                ClientOptions.builder("127.0.0.1", port, "latency-source", ClientType.SOURCE)
                        .tls(TlsOptions.INSECURE_DEFAULT)
                        .build();
        byte[] md =
                MetadataCodec.encode(Map.of("yomo-tid", "t", "yomo-source-id", "latency-source"));
        try (YomoClient client = new YomoClient(options, YomoClientListener.NO_OP)) {
            client.start().get(10, TimeUnit.SECONDS);
            long start = System.nanoTime();
            long interval = 1_000_000_000L / RATE;
            for (long i = 0; i < total; i++) {
                long due = start + i * interval;
                long wait;
                while ((wait = due - System.nanoTime()) > 0) {
                    LockSupport.parkNanos(wait);
                }
                byte[] payload =
                        ByteBuffer.allocate(PAYLOAD).putLong(System.nanoTime()).putLong(i).array();
                client.send(new DataFrame(0x33, md, payload));
            }
            collector.join(Duration.ofSeconds(30).toMillis());
        }
        return measured.stream().mapToLong(Long::longValue).toArray();
    }

    private static void collect(
            BoundedFrameQueue<InboundFrame> received, long total, long warm, List<Long> out) {
        List<InboundFrame> batch = new ArrayList<>();
        long seen = 0;
        try {
            while (seen < total) {
                batch.clear();
                if (received.drainTo(batch, 1024, Duration.ofSeconds(5)) == 0) {
                    System.err.printf("no frame for 5 s after %d of %d; stopping%n", seen, total);
                    return;
                }
                long now = System.nanoTime();
                for (InboundFrame f : batch) {
                    ByteBuffer p = ByteBuffer.wrap(f.payload());
                    long sent = p.getLong();
                    if (p.getLong() >= warm) {
                        out.add(now - sent);
                    }
                    seen++;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static double pct(long[] sorted, double q) {
        return sorted[(int) Math.min(sorted.length - 1, Math.floor(q * sorted.length))] / 1e6;
    }
}
