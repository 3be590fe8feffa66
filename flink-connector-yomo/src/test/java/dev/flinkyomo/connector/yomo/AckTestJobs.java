package dev.flinkyomo.connector.yomo;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

import dev.flinkyomo.connector.yomo.source.YomoSource;
import dev.flinkyomo.connector.yomo.source.ack.AcknowledgementMode;
import dev.flinkyomo.yomo.transport.TlsOptions;

import java.io.IOException;
import java.net.DatagramSocket;
import java.time.Duration;
import java.util.BitSet;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/** What the acknowledgement ITCases share: a restarting job, an acknowledging listener, a count. */
public final class AckTestJobs {

    private static final Map<String, Queue<String>> RESULTS = new ConcurrentHashMap<>();

    private AckTestJobs() {}

    /** A UDP port free right now, for a listener that must come back on the same port. */
    public static int freeUdpPort() throws IOException {
        try (DatagramSocket s = new DatagramSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Parallelism 1, checkpointing every {@code checkpointMs}, 3 restarts 200 ms apart. */
    public static StreamExecutionEnvironment restartingEnv(long checkpointMs) {
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(200));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.enableCheckpointing(checkpointMs);
        env.setParallelism(1);
        return env;
    }

    /** A listener on 127.0.0.1:{@code port} granting acknowledgements on checkpoint; strings. */
    public static YomoSource<String> acknowledgingListener(String name, int port) {
        return YomoSource.listener()
                .setPayloadDeserializer(new SimpleStringSchema())
                .setListenerName(name)
                .setHost("127.0.0.1")
                .setPort(port)
                .setTls(TlsOptions.INSECURE_DEFAULT)
                .setUdpBufferSize(0)
                .setAcknowledgements(AcknowledgementMode.ON_CHECKPOINT)
                .build();
    }

    /** What {@link CountEachOnce} named {@code name} reported. */
    public static Queue<String> results(String name) {
        return RESULTS.computeIfAbsent(name, n -> new ConcurrentLinkedQueue<>());
    }

    /**
     * Keyed state holds which numbers 1..expected it saw; once all are there it reports {@code
     * count=<n> duplicates=<repeats>} to {@link #results}.
     */
    public static final class CountEachOnce extends KeyedProcessFunction<Integer, Integer, String> {

        private final int expected;
        private final String name;
        private transient ValueState<byte[]> seen;
        private transient ValueState<Integer> duplicates;

        public CountEachOnce(int expected, String name) {
            this.expected = expected;
            this.name = name;
        }

        @Override
        public void open(OpenContext context) {
            seen = getRuntimeContext().getState(new ValueStateDescriptor<>("seen", byte[].class));
            duplicates =
                    getRuntimeContext()
                            .getState(new ValueStateDescriptor<>("duplicates", Integer.class));
        }

        @Override
        public void processElement(Integer n, Context ctx, Collector<String> out) throws Exception {
            BitSet bits = seen.value() == null ? new BitSet() : BitSet.valueOf(seen.value());
            int dups = duplicates.value() == null ? 0 : duplicates.value();
            if (bits.get(n)) {
                dups++;
                duplicates.update(dups);
            }
            bits.set(n);
            seen.update(bits.toByteArray());
            if (bits.cardinality() == expected && !bits.get(0)) {
                results(name).add("count=" + bits.cardinality() + " duplicates=" + dups);
            }
        }
    }
}
