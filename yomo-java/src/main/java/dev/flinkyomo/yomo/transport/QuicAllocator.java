package dev.flinkyomo.yomo.transport;

import dev.flinkyomo.annotation.Internal;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.quic.QuicChannelBootstrap;
import io.netty.handler.codec.quic.QuicServerCodecBuilder;

/**
 * The buffer allocator of every QUIC channel here: Netty's pooled allocator, not Netty 4.2's
 * default adaptive one. Over NIO datagram channels the adaptive allocator's buffers hand out a new
 * {@code DirectByteBuffer} slice for every {@code internalNioBuffer} call, that is for every
 * datagram read or written; in LatencyBenchmark's JFR allocation profile (10k frames/s of 32 B)
 * those slices were 16-56% of what each QUIC event loop allocated (77.6 of 159 MB on the source
 * client, 42 of 75 MB on the sink's client), and with the pooled allocator's cached NIO views the
 * two clients' slices were 7.8 and 1.8 MB. Less garbage is fewer young-GC pauses, which stop every
 * frame in flight.
 */
@Internal
public final class QuicAllocator {

    public static final ByteBufAllocator ALLOCATOR = PooledByteBufAllocator.DEFAULT;

    private QuicAllocator() {}

    /** The UDP channel a QUIC codec runs on. */
    public static Bootstrap on(Bootstrap datagram) {
        return datagram.option(ChannelOption.ALLOCATOR, ALLOCATOR);
    }

    /** The QUIC connections and streams a server accepts. */
    public static QuicServerCodecBuilder on(QuicServerCodecBuilder codec) {
        return codec.option(ChannelOption.ALLOCATOR, ALLOCATOR)
                .streamOption(ChannelOption.ALLOCATOR, ALLOCATOR);
    }

    /** A QUIC connection a client dials, and its streams. */
    public static QuicChannelBootstrap on(QuicChannelBootstrap connection) {
        return connection
                .option(ChannelOption.ALLOCATOR, ALLOCATOR)
                .streamOption(ChannelOption.ALLOCATOR, ALLOCATOR);
    }
}
