package dev.flinkyomo.yomo.transport;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

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
        CompletableFuture<List<Integer>> consumer =
                CompletableFuture.supplyAsync(
                        () -> {
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
    void aProducerRefusedForLackOfRoomIsCalledBackOnceTheConsumerHasDrainedToHalf()
            throws Exception {
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

    @Test
    void aByteLimitStopsLargeElementsLongBeforeTheCountLimitAndResumesAtHalf() throws Exception {
        // elements weigh their value in bytes
        BoundedFrameQueue<Integer> queue = new BoundedFrameQueue<>(1000, 100, Integer::longValue);
        ArrayDeque<Integer> batch = new ArrayDeque<>(List.of(40, 40, 40, 5));
        assertThat(queue.offerAll(batch)).isFalse();
        assertThat(batch)
                .as("the third 40 would pass 100 bytes, and order is kept")
                .containsExactly(40, 5);
        assertThat(queue.bytes()).isEqualTo(80);
        assertThat(queue.offer(30)).isFalse();
        assertThat(queue.offer(20)).isTrue();

        AtomicInteger resumed = new AtomicInteger();
        queue.whenSpaceAvailable(resumed::incrementAndGet);
        List<Integer> drained = new ArrayList<>();
        queue.drainTo(drained, 1, Duration.ZERO);
        assertThat(queue.bytes()).isEqualTo(60);
        assertThat(resumed).as("60 bytes is not below half of 100").hasValue(0);
        queue.drainTo(drained, 1, Duration.ZERO);
        assertThat(queue.bytes()).isEqualTo(20);
        assertThat(resumed).hasValue(1);
        assertThat(drained).containsExactly(40, 40);
    }

    @Test
    void aHeavyElementThatWaitedForRoomGoesInOnceTheProducerIsToldToResume() throws Exception {
        BoundedFrameQueue<Integer> queue = new BoundedFrameQueue<>(10, 100, Integer::longValue);
        for (int i = 0; i < 3; i++) {
            assertThat(queue.offer(30)).isTrue();
        }
        assertThat(queue.offer(80)).isFalse();
        AtomicInteger resumed = new AtomicInteger();
        queue.whenSpaceAvailable(resumed::incrementAndGet);
        List<Integer> drained = new ArrayList<>();
        queue.drainTo(drained, 2, Duration.ZERO);
        assertThat(resumed).hasValue(1);
        // told to resume, the producer must not find the queue still too full for its element
        // (it would re-register and be called back at once, spinning)
        assertThat(queue.offer(80)).isTrue();
        assertThat(queue.bytes()).isEqualTo(110);
    }

    @Test
    void anEmptyQueueTakesOneElementLargerThanTheByteLimit() throws Exception {
        BoundedFrameQueue<Integer> queue = new BoundedFrameQueue<>(10, 100, Integer::longValue);
        assertThat(queue.offer(500)).isTrue();
        assertThat(queue.offer(1)).isFalse();
        List<Integer> drained = new ArrayList<>();
        queue.drainTo(drained, 10, Duration.ZERO);
        assertThat(drained).containsExactly(500);
        assertThat(queue.bytes()).isZero();
    }
}
