package dev.flinkyomo.yomo.transport;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;

/**
 * A stand-in for the Flink reader of the acknowledgement tests: the {@link ProducerPositions} of a
 * listener (a map the test controls, as a restored split state would be) and a consumer that drains
 * the listener's queue and "emits" each frame above its producer's position, as ACKS.md asks of a
 * receiver. Emitted payloads are kept in order.
 */
final class EmittingConsumer implements ProducerPositions {

    final Map<String, Long> emitted = new ConcurrentHashMap<>();
    final List<String> payloads = new ArrayList<>();
    final List<Long> sequences = new ArrayList<>();
    int duplicatesAtEmit;

    /** The payloads {@code p-from} .. {@code p-to} the acknowledgement tests send. */
    static List<String> payloads(int from, int to) {
        return IntStream.rangeClosed(from, to).mapToObj(i -> "p-" + i).toList();
    }

    @Override
    public long resumeAfter(String producerId) {
        return emitted.getOrDefault(producerId, 0L);
    }

    /** Drains until {@code n} frames were emitted or the timeout passed; returns how many. */
    int emit(ListenerHarness h, int n, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int count = 0;
        List<InboundFrame> batch = new ArrayList<>();
        while (count < n && System.nanoTime() < deadline) {
            batch.clear();
            h.queue.drainTo(batch, n - count, Duration.ofMillis(50));
            for (InboundFrame f : batch) {
                if (f.sequence() <= emitted.getOrDefault(f.producerId(), 0L)) {
                    duplicatesAtEmit++;
                    continue;
                }
                emitted.put(f.producerId(), f.sequence());
                payloads.add(new String(f.payload(), StandardCharsets.UTF_8));
                sequences.add(f.sequence());
                count++;
            }
        }
        return count;
    }
}
