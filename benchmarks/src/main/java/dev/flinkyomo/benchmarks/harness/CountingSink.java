package dev.flinkyomo.benchmarks.harness;

import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts records into a JVM-wide counter (the benchmark runs the job in an embedded MiniCluster).
 */
public final class CountingSink<T> implements Sink<T> {

    private static final long serialVersionUID = 1L;

    public static final AtomicLong COUNT = new AtomicLong();

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) {
        return new SinkWriter<>() {
            private long pending;

            @Override
            public void write(T element, Context ctx) {
                // publish in small batches: an atomic per record would cost more than the count
                if (++pending == 64) {
                    COUNT.addAndGet(pending);
                    pending = 0;
                }
            }

            @Override
            public void flush(boolean endOfInput) {
                COUNT.addAndGet(pending);
                pending = 0;
            }

            @Override
            public void close() {}
        };
    }
}
