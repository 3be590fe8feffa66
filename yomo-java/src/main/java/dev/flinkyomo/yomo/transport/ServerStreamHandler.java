package dev.flinkyomo.yomo.transport;

import dev.flinkyomo.yomo.LogSafe;
import dev.flinkyomo.yomo.Tag;
import dev.flinkyomo.yomo.protocol.ClientType;
import dev.flinkyomo.yomo.protocol.DataFrame;
import dev.flinkyomo.yomo.protocol.Frame;
import dev.flinkyomo.yomo.protocol.FrameCodec;
import dev.flinkyomo.yomo.protocol.GoawayFrame;
import dev.flinkyomo.yomo.protocol.HandshakeAckFrame;
import dev.flinkyomo.yomo.protocol.HandshakeFrame;
import dev.flinkyomo.yomo.protocol.MetadataCodec;
import dev.flinkyomo.yomo.protocol.ProtocolGeneration;
import dev.flinkyomo.yomo.protocol.RejectedFrame;
import dev.flinkyomo.yomo.protocol.YomoProtocol;
import dev.flinkyomo.yomo.protocol.YomoProtocolException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.TimeUnit;

/**
 * The session on a connection's single bidirectional stream: detect the protocol generation from
 * the first byte, admit or reject the handshake, then decode data frames into the listener's
 * bounded queue.
 *
 * <p>Decoded frames are handed to the queue in batches (at most {@value #HAND_OVER_BATCH}, and when
 * the stream's read burst completes), one lock round trip and at most one consumer wake-up per
 * batch instead of per frame; the frame and byte counters are updated per batch too.
 *
 * <p>Backpressure ({@link InboundFlowControl}): when the queue has no room for a whole batch, the
 * rest stays parked and reading pauses until the queue has drained. Nothing is dropped.
 */
final class ServerStreamHandler extends ChannelInboundHandlerAdapter
        implements InboundFlowControl.Reader {

    /** How long a rejected client gets to read the Rejected frame before the connection closes. */
    private static final long REJECT_CLOSE_GRACE_MILLIS = 300;

    /** Frames handed to the queue at once (also at the end of every network read). */
    private static final int HAND_OVER_BATCH = 256;

    private static final Logger LOG = LoggerFactory.getLogger(ServerStreamHandler.class);

    private final ServerConnection conn;
    private final ListenerContext context;
    private final Y3FrameSplitter splitter;
    private Channel stream;
    private InboundFlowControl<InboundFrame> flow;
    private FrameCodec codec;
    private ConnectionInfo info;
    private long receivedAt;

    /** Frames and wire bytes decoded since the metrics were last updated. */
    private int uncountedFrames;

    private long uncountedBytes;
    private long frames;

    /** This connection's share of the listener's frame memory. */
    private final ConnectionMemory memory;

    /** Reading stopped until the listener's frame memory can take the frame being received. */
    private boolean memoryPaused;

    private boolean finished;

    /** Set when the handshake was granted acknowledgements; null otherwise. */
    private ServerAckSession acks;

    /** Set when the client is a stream function served by this listener; null otherwise. */
    private FunctionSession function;

    ServerStreamHandler(ServerConnection conn) {
        this.conn = conn;
        this.context = conn.context;
        this.splitter = new Y3FrameSplitter(context.options.maxFrameSize());
        this.memory =
                new ConnectionMemory(
                        context.memory,
                        conn.channel.eventLoop(),
                        context.options.frameTimeout().toMillis());
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.stream = ctx.channel();
        // the parked frames: at most one batch, or what a full queue left over
        this.flow =
                new InboundFlowControl<>(
                        stream,
                        HAND_OVER_BATCH,
                        this::offerPending,
                        context.queue::whenSpaceAvailable,
                        context.metrics::readPaused,
                        this);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf buf = (ByteBuf) msg;
        if (conn.isClosing()) {
            buf.release();
            return;
        }
        splitter.add(buf);
        receivedAt = System.currentTimeMillis();
        conn.heard(receivedAt);
        decodeAvailable();
    }

    /** Decodes whole frames until the bytes run out, the queue is full, or the session ends. */
    @Override
    public void decodeAvailable() {
        try {
            while (!flow.isPaused() && !memoryPaused && !conn.isClosing()) {
                if (info == null) {
                    int first = splitter.peekFirstByte();
                    if (first < 0) {
                        return;
                    }
                    if (codec == null) {
                        // decide on the first byte: garbage is refused before its "length" is
                        // awaited
                        codec = context.detector.detect(first).codec();
                    }
                }
                int length = info == null ? nextHandshake() : splitter.nextFrame();
                if (length < 0) {
                    if (!conn.isClosing()) {
                        admitPendingFrame();
                    }
                    return;
                }
                memory.frameDone();
                if (info == null) {
                    onHandshake(splitter.frameBuffer(), splitter.frameOffset(), length);
                } else {
                    onFrame(splitter.frameBuffer(), splitter.frameOffset(), length);
                }
                splitter.trimFrameBuffer();
            }
        } catch (YomoProtocolException e) {
            // frames decoded before a bad one were accepted: they are handed over all the same
            flow.handOver();
            conn.fail(e.getMessage(), true);
        } finally {
            memory.settle(splitter);
        }
    }

    /** A frame larger than the allowance waits, not reading, until its whole length is granted. */
    private void admitPendingFrame() {
        long waitingFor = memory.admit(splitter, this::frameTimedOut);
        if (waitingFor > 0) {
            memoryPaused = true;
            stream.config().setAutoRead(false);
            context.metrics.readPausedForMemory();
            context.memory.whenAvailable(
                    waitingFor, () -> conn.channel.eventLoop().execute(this::resumeFromMemory));
        }
    }

    private void resumeFromMemory() {
        if (finished || conn.isClosing()) {
            return;
        }
        memoryPaused = false;
        decodeAvailable();
        if (!memoryPaused && !flow.isPaused()) {
            stream.config().setAutoRead(true); // also issues a read
        }
    }

    private void frameTimedOut() {
        context.metrics.frameTimedOut();
        conn.fail(
                "a frame of "
                        + splitter.pendingFrameLength()
                        + " bytes at stream offset "
                        + splitter.streamOffset()
                        + " did not arrive within the frame timeout of "
                        + context.options.frameTimeout().toMillis()
                        + " ms ("
                        + splitter.buffered()
                        + " bytes received); its memory goes back to the listener",
                false);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        flow.handOver(); // the end of a read burst: whatever it decoded goes to the queue now
        ctx.fireChannelReadComplete();
    }

    /**
     * The length of the whole handshake frame, or -1 if more bytes are needed or the connection was
     * refused: a header announcing more than the handshake limit refuses it before the body
     * arrives, so a connection that never authenticates cannot make the listener buffer megabytes.
     */
    private int nextHandshake() {
        int max = context.options.maxHandshakeSize();
        int pending = splitter.pendingFrameLength();
        if (pending > max) {
            refuseHandshakeSize(pending, max);
            return -1;
        }
        int length = splitter.nextFrame();
        if (length > max) { // it came whole in one read
            refuseHandshakeSize(length, max);
            return -1;
        }
        return length;
    }

    private void refuseHandshakeSize(int announced, int max) {
        conn.refuse(
                new Refusal(
                        Refusal.Limit.HANDSHAKE_SIZE,
                        "first frame announces "
                                + announced
                                + " bytes (header included), more than a handshake may have"
                                + " (max-handshake-size "
                                + max
                                + ")"));
        splitter.release();
    }

    private void onHandshake(byte[] buf, int offset, int length) {
        Frame f = codec.decode(buf, offset, length);
        if (!(f instanceof HandshakeFrame h)) {
            throw new YomoProtocolException(
                    "first frame", 0, "expected a handshake, got " + f.type().frameName());
        }
        ProtocolGeneration generation = codec.generation();
        Optional<String> rejection = context.validator.check(h, generation);
        if (rejection.isPresent()) {
            reject(h, rejection.get());
            return;
        }
        if (!conn.authenticate()) {
            splitter.release(); // refused: the listener is full
            return;
        }
        info =
                new ConnectionInfo(
                        h.name(),
                        h.id(),
                        h.clientType(),
                        generation,
                        String.valueOf(conn.channel.remoteSocketAddress()));
        conn.established(info);
        context.metrics.handshakeAccepted();
        boolean isFunction = h.clientType() == ClientType.STREAM_FUNCTION.code();
        if (generation == ProtocolGeneration.FINAL) {
            HandshakeAckFrame answer = HandshakeAckFrame.INSTANCE;
            if (h.asksForAcknowledgements()
                    && !isFunction
                    && context.producers.grantsAcknowledgements()) {
                answer = grantAcknowledgements(h.producerId());
                if (answer == null) {
                    return;
                }
            }
            write(answer);
        } // a v1.5 zipper acknowledged nothing; its clients expect nothing
        if (isFunction) {
            function =
                    new FunctionSession(
                            info,
                            h.observeDataTags(),
                            h.wantedTarget(),
                            context.functions.positionOf(h.name()),
                            conn,
                            stream,
                            codec);
            context.functions.added(function);
        }
        LOG.info(
                "{}: accepted {} over the {}{}",
                context.name(),
                info,
                generation.description(),
                acks == null
                        ? ""
                        : " with acknowledgements for producer "
                                + LogSafe.quote(acks.producerId)
                                + ", resuming after sequence "
                                + Long.toUnsignedString(acks.resumeAfter()));
    }

    /** The granting answer, or null if the producer positions failed (the connection closes). */
    private HandshakeAckFrame grantAcknowledgements(String producerId) {
        try {
            acks = context.producers.open(producerId, conn, stream, codec);
        } catch (RuntimeException e) {
            conn.fail(
                    "the positions of producer "
                            + LogSafe.quote(producerId)
                            + " could not be read: "
                            + e,
                    false);
            splitter.release();
            return null;
        }
        context.metrics.acknowledgementsGranted();
        return HandshakeAckFrame.granted(acks.resumeAfter());
    }

    private void reject(HandshakeFrame h, String reason) {
        context.metrics.handshakeRejected();
        context.refusals.rejected(
                LogSafe.quote(h.name()), conn.channel.remoteSocketAddress(), reason);
        if (codec.generation() == ProtocolGeneration.FINAL) {
            // Rejected first, so a Go client reports the reason and does not reconnect. A write
            // future only means quiche took the bytes: closing the connection at once can discard
            // them unsent, so the close waits a grace period (the client usually closes first).
            stream.writeAndFlush(Unpooled.wrappedBuffer(codec.encode(new RejectedFrame(reason))))
                    .addListener(
                            (ChannelFutureListener)
                                    fut ->
                                            conn.channel
                                                    .eventLoop()
                                                    .schedule(
                                                            () -> conn.close(reason),
                                                            REJECT_CLOSE_GRACE_MILLIS,
                                                            TimeUnit.MILLISECONDS));
        } else if (h.clientType() == ClientType.STREAM_FUNCTION.code()) {
            conn.close(YomoProtocol.LEGACY_ILLEGAL_FUNCTION_CLOSE_CODE, reason);
        } else {
            conn.close(reason);
        }
        // stop decoding whatever the client sent after its handshake
        splitter.release();
    }

    private void onFrame(byte[] buf, int offset, int length) {
        if (codec.isIgnorable(buf, offset, length)) {
            return;
        }
        Frame f = codec.decode(buf, offset, length);
        if (f instanceof DataFrame d) {
            if (Tag.isReserved(d.tag())) {
                conn.fail(
                        "reserved tag " + Tag.format(d.tag()) + " (0xF000-0xFFFF) is not allowed",
                        false);
                return;
            }
            if (acks != null && !acceptSequence(d.sequence())) {
                return;
            }
            // malformed metadata fails the frame now; decoding waits for a reader
            String target = MetadataCodec.validate(d.metadata());
            frames++;
            uncountedFrames++;
            uncountedBytes += length;
            InboundFrame frame =
                    new InboundFrame(
                            d.tag(),
                            d.metadata(),
                            target,
                            d.payload(),
                            info,
                            receivedAt,
                            acks == null ? null : acks.producerId,
                            d.sequence());
            flow.park(frame);
            memory.parked(frame);
            if (flow.parkedCount() >= HAND_OVER_BATCH) {
                flow.handOver();
            }
        } else if (f instanceof GoawayFrame g) {
            LOG.info("{}: {} sent Goaway: {}", context.name(), info, LogSafe.quote(g.message()));
            conn.close("goaway acknowledged");
        } else {
            throw new YomoProtocolException(
                    f.type().frameName(), 0, "not allowed from a client after the handshake");
        }
    }

    /**
     * On an acknowledging session: true for a new sequence; false for a resent duplicate (dropped
     * and counted) or a frame without a sequence (the connection is closed: the producer broke the
     * session's contract, and numbering cannot be trusted from here on).
     */
    private boolean acceptSequence(long sequence) {
        if (sequence == 0) {
            conn.fail(
                    "a data frame without a Sequence (field 0x20) on an acknowledging session of"
                            + " producer "
                            + LogSafe.quote(acks.producerId),
                    false);
            return false;
        }
        if (!acks.accept(sequence)) {
            context.metrics.duplicateDropped();
            return false;
        }
        return true;
    }

    /** Offers the parked frames; true if all went in. */
    private boolean offerPending(Queue<InboundFrame> pending) {
        if (uncountedFrames > 0) {
            // counted as received when decoded, before a consumer can see them (a pending frame
            // is delivered later, never dropped)
            context.metrics.framesReceived(uncountedFrames, uncountedBytes);
            uncountedFrames = 0;
            uncountedBytes = 0;
        }
        boolean all = context.queue.offerAll(pending);
        memory.handedOver(pending);
        memory.settle(splitter);
        return all;
    }

    private void write(Frame frame) {
        stream.writeAndFlush(Unpooled.wrappedBuffer(codec.encode(frame)));
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        flow.handOver(); // a FIN may end the stream before its last read burst completed
        if (info != null) {
            LOG.info("{}: session of {} ended after {} frames", context.name(), info, frames);
        }
        flow.streamEnded(); // when paused, finish() runs after the parked frames are delivered
        if (acks != null) {
            context.producers.closed(acks);
        }
        if (function != null) {
            context.functions.removed(function);
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (function != null) {
            function.writabilityChanged();
        }
        ctx.fireChannelWritabilityChanged();
    }

    /** Also while waiting for memory: then {@link #resumeFromMemory} restarts reading. */
    @Override
    public boolean stopped() {
        return conn.isClosing() || memoryPaused;
    }

    @Override
    public void finish() {
        int partial = splitter.buffered();
        if (partial > 0 && !conn.isClosing()) {
            context.metrics.decodeError();
            context.refusals.vanishedMidFrame(conn.describe(), partial, splitter.streamOffset());
        }
        splitter.release();
        memory.release();
        finished = true;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        conn.fail("stream error: " + cause, false);
    }
}
