package dev.flinkyomo.yomo.transport;

import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class WriteCoalescerTest {

    private static ByteBuf text(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.US_ASCII);
    }

    private static String read(EmbeddedChannel ch) {
        ByteBuf out = ch.readOutbound();
        try {
            return out.toString(StandardCharsets.US_ASCII);
        } finally {
            out.release();
        }
    }

    @Test
    void smallWritesLeaveAsOneBufferOnFlushInOrder() {
        EmbeddedChannel ch = new EmbeddedChannel(new WriteCoalescer());
        ByteBuf a = text("frame-1|");
        ch.write(a, ch.voidPromise());
        ch.write(text("frame-2|"), ch.voidPromise());
        ch.write(text("frame-3|"), ch.voidPromise());
        assertThat(a.refCnt()).as("copied and released at once").isZero();
        assertThat((Object) ch.readOutbound()).as("nothing leaves before the flush").isNull();
        ch.flush();
        assertThat(read(ch)).isEqualTo("frame-1|frame-2|frame-3|");
        assertThat((Object) ch.readOutbound()).isNull();
        ch.finishAndReleaseAll();
    }

    @Test
    void aFullBufferLeavesBeforeTheWriteThatWouldOverflowIt() {
        EmbeddedChannel ch = new EmbeddedChannel(new WriteCoalescer());
        byte[] chunk = new byte[WriteCoalescer.CAPACITY / 2 + 1];
        ch.write(Unpooled.wrappedBuffer(chunk), ch.voidPromise());
        ch.write(Unpooled.wrappedBuffer(chunk), ch.voidPromise());
        ch.flush();
        ByteBuf first = ch.readOutbound();
        ByteBuf second = ch.readOutbound();
        assertThat(first.readableBytes()).isEqualTo(chunk.length);
        assertThat(second.readableBytes()).isEqualTo(chunk.length);
        first.release();
        second.release();
        ch.finishAndReleaseAll();
    }

    @Test
    void aWriteWithAPromiseOrALargeBufferGoesAfterWhatWasGathered() {
        EmbeddedChannel ch = new EmbeddedChannel(new WriteCoalescer());
        ch.write(text("a|"), ch.voidPromise());
        ChannelFuture handshake = ch.write(text("handshake|"));
        ByteBuf large = Unpooled.wrappedBuffer(new byte[WriteCoalescer.CAPACITY + 1]);
        ch.write(large, ch.voidPromise());
        ch.write(text("b|"), ch.voidPromise());
        ch.flush();
        assertThat(read(ch)).isEqualTo("a|");
        assertThat(read(ch)).isEqualTo("handshake|");
        assertThat(handshake.isSuccess()).isTrue();
        ByteBuf passedThrough = ch.readOutbound();
        assertThat(passedThrough).isSameAs(large); // not copied
        passedThrough.release();
        assertThat(read(ch)).isEqualTo("b|");
        ch.finishAndReleaseAll();
    }

    @Test
    void unflushedBytesAreReleasedWhenTheStreamGoes() {
        List<ByteBuf> allocated = new ArrayList<>();
        EmbeddedChannel ch = new EmbeddedChannel();
        ch.config()
                .setAllocator(
                        new AbstractByteBufAllocator(false) {
                            @Override
                            protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
                                return Unpooled.buffer(initialCapacity, maxCapacity);
                            }

                            @Override
                            protected ByteBuf newDirectBuffer(
                                    int initialCapacity, int maxCapacity) {
                                ByteBuf b = Unpooled.directBuffer(initialCapacity, maxCapacity);
                                allocated.add(b);
                                return b;
                            }

                            @Override
                            public boolean isDirectBufferPooled() {
                                return false;
                            }
                        });
        ch.pipeline().addLast(new WriteCoalescer());
        ch.write(text("never flushed"), ch.voidPromise());
        assertThat(allocated).hasSize(1).allSatisfy(b -> assertThat(b.refCnt()).isOne());
        ch.pipeline().removeFirst();
        assertThat(allocated.get(0).refCnt()).isZero();
        assertThat((Object) ch.readOutbound()).isNull();
        ch.finishAndReleaseAll();
    }
}
