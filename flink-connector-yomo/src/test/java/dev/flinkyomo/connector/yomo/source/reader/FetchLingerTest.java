package dev.flinkyomo.connector.yomo.source.reader;

import org.apache.flink.connector.base.source.reader.RecordsWithSplitIds;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsAddition;

import dev.flinkyomo.connector.yomo.source.split.YomoListenerSplit;
import dev.flinkyomo.connector.yomo.source.split.YomoSplit;
import dev.flinkyomo.yomo.protocol.ProtocolGeneration;
import dev.flinkyomo.yomo.transport.BoundedFrameQueue;
import dev.flinkyomo.yomo.transport.ConnectionInfo;
import dev.flinkyomo.yomo.transport.InboundFrame;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The fetcher gathers a burst that has only begun, and hands a few frames over at once. */
class FetchLingerTest {

    private static final ConnectionInfo PEER =
            new ConnectionInfo("c", "id", 0x5F, ProtocolGeneration.FINAL, "test");

    /** A split reader over a queue the test fills itself. */
    private static final class QueueReader extends QueueDrainingSplitReader<YomoListenerSplit> {
        final CompletableFuture<BoundedFrameQueue<InboundFrame>> queue = new CompletableFuture<>();

        QueueReader(Duration linger, long lingerFromRate) {
            super(
                    YomoListenerSplit.class,
                    new FrameQueueSettings(1024, 1 << 20, linger),
                    lingerFromRate);
        }

        @Override
        Endpoint open(YomoListenerSplit split, BoundedFrameQueue<InboundFrame> q) {
            queue.complete(q);
            return new Endpoint() {
                @Override
                public BoundedFrameQueue<InboundFrame> queue() {
                    return q;
                }

                @Override
                public void close() {}
            };
        }
    }

    private static QueueReader reader(Duration linger) throws Exception {
        return reader(linger, FrameQueueSettings.LINGER_FROM_RATE);
    }

    private static QueueReader reader(Duration linger, long lingerFromRate) throws Exception {
        QueueReader r = new QueueReader(linger, lingerFromRate);
        r.handleSplitsChanges(
                new SplitsAddition<>(List.<YomoSplit>of(new YomoListenerSplit(0, 0, 0))));
        return r;
    }

    private static void offer(BoundedFrameQueue<InboundFrame> q, int n) {
        for (int i = 0; i < n; i++) {
            assertThat(q.offer(new InboundFrame(0x33, new byte[0], new byte[] {(byte) i}, PEER, 0)))
                    .isTrue();
        }
    }

    private static int count(RecordsWithSplitIds<InboundFrame> records) {
        int n = 0;
        while (records.nextSplit() != null) {
            while (records.nextRecordFromSplit() != null) {
                n++;
            }
        }
        return n;
    }

    private static int fetchAfterABurstThatContinues(Duration linger) throws Exception {
        // any rate counts as fast here, so a slow test machine cannot make the burst look slow
        QueueReader r = reader(linger, 1);
        BoundedFrameQueue<InboundFrame> q = r.queue.get(5, TimeUnit.SECONDS);
        assertThat(count(r.fetch())).isZero(); // nothing yet: waits its poll interval
        offer(q, 500); // then a fast burst
        CompletableFuture<Void> rest =
                CompletableFuture.runAsync(
                        () -> {
                            try {
                                Thread.sleep(100);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                            offer(q, 100);
                        });
        int first = count(r.fetch());
        rest.get(5, TimeUnit.SECONDS);
        r.close();
        return first;
    }

    @Test
    void aFastBurstThatHasJustBegunIsGatheredIntoOneBatch() throws Exception {
        assertThat(fetchAfterABurstThatContinues(Duration.ofSeconds(1))).isEqualTo(600);
    }

    @Test
    void withoutLingerTheFirstFramesGoAtOnce() throws Exception {
        assertThat(fetchAfterABurstThatContinues(Duration.ZERO)).isEqualTo(500);
    }

    @Test
    void aFewFramesAreHandedOverWithoutWaiting() throws Exception {
        QueueReader r = reader(Duration.ofSeconds(5));
        offer(r.queue.get(5, TimeUnit.SECONDS), FrameQueueSettings.LINGER_FROM_FRAMES - 1);
        long start = System.nanoTime();
        assertThat(count(r.fetch())).isEqualTo(FrameQueueSettings.LINGER_FROM_FRAMES - 1);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        r.close();
    }

    @Test
    void framesThatBunchUpAfterAPauseAreNotHeldBack() throws Exception {
        QueueReader r = reader(Duration.ofSeconds(5));
        BoundedFrameQueue<InboundFrame> q = r.queue.get(5, TimeUnit.SECONDS);
        assertThat(count(r.fetch())).isZero();
        Thread.sleep(300); // a slow source: 20 frames after a pause is far below the linger rate
        offer(q, 20);
        long start = System.nanoTime();
        assertThat(count(r.fetch())).isEqualTo(20);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        r.close();
    }

    @Test
    void aBurstTakenInPiecesAfterAPauseIsNotHeldBack() throws Exception {
        QueueReader r = reader(Duration.ofSeconds(5));
        BoundedFrameQueue<InboundFrame> q = r.queue.get(5, TimeUnit.SECONDS);
        assertThat(count(r.fetch())).isZero();
        Thread.sleep(300); // a slow source; then its frames bunch up and arrive in two pieces
        offer(q, 20);
        assertThat(count(r.fetch())).isEqualTo(20);
        offer(q, 20); // right behind the first: found microseconds after the last look
        long start = System.nanoTime();
        assertThat(count(r.fetch())).isEqualTo(20);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        r.close();
    }
}
