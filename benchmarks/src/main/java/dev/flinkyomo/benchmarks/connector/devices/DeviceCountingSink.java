package dev.flinkyomo.benchmarks.connector.devices;

import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

import dev.flinkyomo.common.YomoRecord;

import java.util.BitSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts frames and the distinct devices they came from, into JVM-wide counters the listener
 * process reports (the job runs in that process's embedded cluster, parallelism 1, so one writer
 * updates them).
 */
final class DeviceCountingSink implements Sink<YomoRecord> {

    private static final long serialVersionUID = 1L;

    static final AtomicLong FRAMES = new AtomicLong();
    static final AtomicInteger DEVICES = new AtomicInteger();

    @Override
    public SinkWriter<YomoRecord> createWriter(WriterInitContext context) {
        return new SinkWriter<>() {
            private final BitSet seen = new BitSet();

            @Override
            public void write(YomoRecord record, Context ctx) {
                FRAMES.incrementAndGet();
                int device = DevicePayload.device(record.getPayload());
                if (device >= 0 && !seen.get(device)) {
                    seen.set(device);
                    DEVICES.incrementAndGet();
                }
            }

            @Override
            public void flush(boolean endOfInput) {}

            @Override
            public void close() {}
        };
    }
}
