package dev.flinkyomo.connector.yomo.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BoundedFrameQueueTest {

    private static ArrayDeque<Integer> batch(int from, int to) {
        ArrayDeque<Integer> b = new ArrayDeque<>();
        for (int i = from; i < to; i++) {
            b.add(i);
        }
        return b;
    }

    @Test
    void aBatchIsTakenUpToTheCapacityInOrderAndTheRestStaysWithTheProducer() throws Exception {
        BoundedFrameQueue<Integer> queue = new BoundedFrameQueue<>(10);
        assertThat(queue.offerAll(batch(0, 4))).isTrue();
        ArrayDeque<Integer> rest = batch(4, 12);

        assertThat(queue.offerAll(rest)).isFalse();
        assertThat(rest).containsExactly(10, 11);
        assertThat(queue.size()).isEqualTo(10);
        assertThat(queue.highWaterMark()).isEqualTo(10);

        List<Integer> drained = new ArrayList<>();
        queue.drainTo(drained, 100, Duration.ZERO);
        assertThat(queue.offerAll(rest)).isTrue();
        queue.drainTo(drained, 100, Duration.ZERO);
        assertThat(drained).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11);
    }

    @Test
    void aBatchWakesAWaitingConsumerOnce() throws Exception {
        BoundedFrameQueue<Integer> queue = new BoundedFrameQueue<>(100);
        CompletableFuture<List<Integer>> consumer = CompletableFuture.supplyAsync(() -> {
            List<Integer> out = new ArrayList<>();
            try {
                queue.drainTo(out, 100, Duration.ofSeconds(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return out;
        });
        Thread.sleep(100); // let it wait
        assertThat(queue.offerAll(batch(0, 50))).isTrue();
        // woken well before its 30 s timeout, with the whole batch
        assertThat(consumer.get(5, TimeUnit.SECONDS)).hasSize(50);
    }

    @Test
    void aProducerRefusedForLackOfRoomIsCalledBackOnceTheConsumerHasDrainedToHalf() throws Exception {
        BoundedFrameQueue<Integer> queue = new BoundedFrameQueue<>(8);
        ArrayDeque<Integer> rest = batch(0, 12);
        assertThat(queue.offerAll(rest)).isFalse();
        AtomicInteger resumed = new AtomicInteger();
        queue.whenSpaceAvailable(resumed::incrementAndGet);
        assertThat(resumed).hasValue(0);

        queue.drainTo(new ArrayList<>(), 3, Duration.ZERO); // 5 left: not yet below half
        assertThat(resumed).hasValue(0);
        queue.drainTo(new ArrayList<>(), 2, Duration.ZERO); // 3 left
        assertThat(resumed).hasValue(1);
    }
}
