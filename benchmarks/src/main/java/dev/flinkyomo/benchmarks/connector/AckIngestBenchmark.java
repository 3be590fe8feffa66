package dev.flinkyomo.benchmarks.connector;

import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import dev.flinkyomo.benchmarks.harness.BenchmarkSettings;
import dev.flinkyomo.benchmarks.harness.CountingSink;
import dev.flinkyomo.benchmarks.harness.PairedRounds;
import dev.flinkyomo.benchmarks.harness.Rates;
import dev.flinkyomo.benchmarks.harness.SharedMiniCluster;
import dev.flinkyomo.common.YomoRecord;
import dev.flinkyomo.connector.yomo.source.YomoListenerRegistry;
import dev.flinkyomo.connector.yomo.source.YomoSource;
import dev.flinkyomo.connector.yomo.source.ack.AcknowledgementMode;
import dev.flinkyomo.yomo.transport.AckOptions;
import dev.flinkyomo.yomo.transport.TlsOptions;

import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * What acknowledgements cost (yomo-java/ACKS.md): the same Flink job (parallelism 1, YomoSource
 * into a counting sink, checkpoints every {@code -Dingest.checkpointMs}, default 1000) fed by 1 and
 * 4 sources writing 32 B and 1 KiB payloads as fast as they may, (a) stock sources into a listener
 * with {@code scan.acknowledgements = none}, (b) acknowledging sources into a listener with {@code
 * on-checkpoint}. Both sides checkpoint alike, so the ratio is the price of numbering, buffering,
 * the emitter's duplicate check, the split state's positions and the Acks.
 *
 * <p>An acknowledging source may have at most its buffer of unacknowledged frames in flight, and
 * frames become durable only when a checkpoint completes: its rate is capped near buffer /
 * (checkpoint interval + checkpoint duration). With the default 65,536 frames and a 1 s interval
 * that is far below what 32 B frames reach without acks, so the benchmark also runs with {@code
 * -Dingest.ackFrames} / {@code -Dingest.ackBytes} to size the buffer for the rate, and prints the
 * bound it used.
 *
 * <pre>
 * java [-Dingest.ackFrames=65536] [-Dingest.ackBytes=67108864] [-Dingest.checkpointMs=1000] [-Dingest.payloads=32,1024] [-Dingest.clients=1,4] [-Dingest.rounds=3] -cp benchmarks/target/benchmarks.jar dev.flinkyomo.benchmarks.connector.AckIngestBenchmark [--warmup 2 --measure 4]
 * </pre>
 */
public final class AckIngestBenchmark {

    private static int run;

    private AckIngestBenchmark() {}

    public static void main(String[] args) throws Exception {
        BenchmarkSettings s = BenchmarkSettings.parse(args);
        int rounds = Integer.getInteger("ingest.rounds", 3);
        int ackFrames =
                Integer.getInteger("ingest.ackFrames", AckOptions.DEFAULT_MAX_UNACKED_FRAMES);
        long ackBytes = Long.getLong("ingest.ackBytes", AckOptions.DEFAULT_MAX_UNACKED_BYTES);
        long checkpointMs = Long.getLong("ingest.checkpointMs", 1000);
        System.out.printf(
                "machine: %s; warmup %d ms, measure %d ms, %d rounds of none then acks per case;"
                        + " checkpoints every %d ms; buffer of unacknowledged frames per source:"
                        + " %d frames, %d bytes%n",
                BenchmarkSettings.machine(),
                s.warmup().toMillis(),
                s.measure().toMillis(),
                rounds,
                checkpointMs,
                ackFrames,
                ackBytes);
        System.out.printf(
                "%-8s %-7s %16s %16s %7s   %s%n",
                "payload", "clients", "none frames/s", "acks frames/s", "ratio", "ratio per round");
        // one untimed round of each side first: the first job in a JVM runs far below its steady
        // rate while C2 compiles (see IngestBenchmark)
        double warmNone = flink(s, 32, 1, checkpointMs, null);
        double warmAcks = flink(s, 32, 1, checkpointMs, c -> ack(c, ackFrames, ackBytes));
        System.out.printf(
                "(JIT warm-up round, not counted: 32 B, 1 client, %.0f%%)%n",
                100 * warmAcks / warmNone);
        for (int payload : Rates.ints("ingest.payloads", "32,1024")) {
            for (int clients : Rates.ints("ingest.clients", "1,4")) {
                PairedRounds.Result r =
                        PairedRounds.run(
                                rounds,
                                () -> flink(s, payload, clients, checkpointMs, null),
                                () ->
                                        flink(
                                                s,
                                                payload,
                                                clients,
                                                checkpointMs,
                                                c -> ack(c, ackFrames, ackBytes)));
                System.out.printf(
                        "%-8s %-7d %16.0f %16.0f %6.0f%%   %s%n",
                        payload + " B",
                        clients,
                        r.baselineMedian(),
                        r.candidateMedian(),
                        100 * r.ratioMedian(),
                        r.perRound());
            }
        }
        System.exit(0); // the embedded cluster's non-daemon threads
    }

    private static AckOptions ack(int client, int frames, long bytes) {
        // a fresh producer id per job: each job starts with empty positions
        return AckOptions.of("bench-" + run + "-" + client)
                .withMaxUnackedFrames(frames)
                .withMaxUnackedBytes(bytes)
                .withRequired(true);
    }

    /** Frames per second counted by the job; {@code acks} null: stock sources, acks off. */
    private static double flink(
            BenchmarkSettings s,
            int payload,
            int clients,
            long checkpointMs,
            IntFunction<AckOptions> acks)
            throws Exception {
        String name = "ack-ingest-" + run++;
        StreamExecutionEnvironment env = new StreamExecutionEnvironment();
        env.setParallelism(1);
        env.enableCheckpointing(checkpointMs);
        YomoSource<YomoRecord> source =
                YomoSource.listener()
                        .setListenerName(name)
                        .setHost("127.0.0.1")
                        .setPort(0)
                        .setTls(TlsOptions.INSECURE_DEFAULT)
                        .setAcknowledgements(
                                acks == null
                                        ? AcknowledgementMode.NONE
                                        : AcknowledgementMode.ON_CHECKPOINT)
                        .build();
        env.fromSource(source, WatermarkStrategy.noWatermarks(), "yomo")
                .sinkTo(new CountingSink<>());
        JobID job =
                SharedMiniCluster.submit(
                        env,
                        "yomo-ingest-"
                                + (acks == null ? "none-" : "acks-")
                                + payload
                                + "B-"
                                + clients);
        try {
            int port = YomoListenerRegistry.addressOf(name, 0).get(60, TimeUnit.SECONDS).getPort();
            IntFunction<AckOptions> perClient = acks == null ? c -> null : acks;
            try (FrameBlaster ignored = new FrameBlaster(port, clients, payload, perClient)) {
                return Rates.measure(s, CountingSink.COUNT::get);
            }
        } finally {
            SharedMiniCluster.cancel(job);
        }
    }
}
