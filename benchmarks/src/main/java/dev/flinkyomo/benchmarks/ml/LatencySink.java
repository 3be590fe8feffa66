package dev.flinkyomo.benchmarks.ml;

import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

import java.util.Arrays;

/**
 * Records, per output, its latency (now minus the stamp taken when its frame was made, same JVM)
 * and whether its label is right; static, because the job runs in this JVM's MiniCluster.
 */
final class LatencySink implements Sink<long[]> {

    private static final long serialVersionUID = 1L;
    static long[] latencies = new long[0];
    static long[] arrivals = new long[0];
    static int count;
    static int wrong;

    static synchronized void reset(int capacity) {
        latencies = new long[capacity];
        arrivals = new long[capacity];
        count = 0;
        wrong = 0;
    }

    /** {@code value} = {frame index, stamp nanos, predicted label}. */
    static synchronized void record(long[] value) {
        long now = System.nanoTime();
        if (count < latencies.length) {
            latencies[count] = now - value[1];
            arrivals[count] = now;
            count++;
        }
        if (value[2] != ClassifierFrames.label(value[0])) {
            wrong++;
        }
    }

    /** Outputs per second between the first and the last arrival. */
    static synchronized double rate() {
        return count < 2 ? 0 : (count - 1) * 1e9 / (arrivals[count - 1] - arrivals[0]);
    }

    /** The q-quantile (0..1) of the latencies, in milliseconds. */
    static synchronized double quantileMillis(double q) {
        long[] sorted = Arrays.copyOf(latencies, count);
        Arrays.sort(sorted);
        return sorted[Math.min(count - 1, (int) Math.ceil(q * count) - 1)] / 1e6;
    }

    @Override
    public SinkWriter<long[]> createWriter(WriterInitContext context) {
        return new SinkWriter<>() {
            @Override
            public void write(long[] element, Context ctx) {
                record(element);
            }

            @Override
            public void flush(boolean endOfInput) {}

            @Override
            public void close() {}
        };
    }
}
