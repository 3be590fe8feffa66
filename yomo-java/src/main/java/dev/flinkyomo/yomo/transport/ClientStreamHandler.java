package dev.flinkyomo.yomo.transport;

import dev.flinkyomo.yomo.protocol.DataFrame;
import dev.flinkyomo.yomo.protocol.Frame;
import dev.flinkyomo.yomo.protocol.FrameCodec;
import dev.flinkyomo.yomo.protocol.YomoProtocolException;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownReadComplete;

import java.util.Queue;

/**
 * Frames from the peer on a client's session stream: data frames go to the {@link
 * YomoClientListener}, the others to the {@link ClientConnector}. When the listener refuses a data
 * frame, the frame is parked and reading pauses ({@link InboundFlowControl}) until {@link
 * YomoClientListener#whenReady} calls back; the parked frame goes first. Nothing is dropped.
 */
final class ClientStreamHandler extends ChannelInboundHandlerAdapter
        implements InboundFlowControl.Reader {

    /** A data frame the listener has not taken yet, with its encoded size for byte metrics. */
    private record Delivery(DataFrame frame, int wireBytes) {}

    private final ClientSession s;
    private final ClientConnector connector;
    private final FrameCodec codec;
    private final YomoClientListener listener;
    private final Runnable writabilityChanged;
    private final Y3FrameSplitter splitter;
    private InboundFlowControl<Delivery> flow;
    private boolean stopped;

    ClientStreamHandler(
            ClientSession s,
            ClientConnector connector,
            FrameCodec codec,
            YomoClientListener listener,
            int maxFrameSize,
            Runnable writabilityChanged) {
        this.s = s;
        this.connector = connector;
        this.codec = codec;
        this.listener = listener;
        this.writabilityChanged = writabilityChanged;
        this.splitter = new Y3FrameSplitter(maxFrameSize);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        // data frames are offered one at a time, so at most one is ever parked
        flow =
                new InboundFlowControl<>(
                        ctx.channel(), 1, this::deliver, listener::whenReady, () -> {}, this);
    }

    /** The peer's FIN (QUIC streams allow half-closure by default, so it is only an event). */
    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt == ChannelInputShutdownReadComplete.INSTANCE) {
            s.peerEnded.complete(null);
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        splitter.add((ByteBuf) msg);
        decodeAvailable();
    }

    /** Decodes whole frames until the bytes run out, a frame is refused, or decoding fails. */
    @Override
    public void decodeAvailable() {
        try {
            while (!flow.isPaused() && !stopped) {
                byte[] wire = splitter.next();
                if (wire == null) {
                    return;
                }
                onFrame(wire);
            }
        } catch (YomoProtocolException e) {
            stop(e.getMessage());
        }
    }

    private void onFrame(byte[] wire) {
        if (codec.isIgnorable(wire)) {
            return;
        }
        Frame f = codec.decode(wire);
        if (f instanceof DataFrame d && s.connected) {
            flow.park(new Delivery(d, wire.length));
            flow.handOver();
        } else {
            connector.onControlFrame(s, f);
        }
    }

    /** Offers the parked data frames to the listener in order; false when it refused one. */
    private boolean deliver(Queue<Delivery> parked) {
        while (!parked.isEmpty()) {
            Delivery d = parked.peek();
            boolean taken;
            try {
                taken = listener.offerData(d.frame(), d.wireBytes());
            } catch (YomoProtocolException e) {
                parked.poll(); // a frame the listener finds malformed ends the connection
                stop(e.getMessage());
                return true;
            }
            if (!taken) {
                return false;
            }
            parked.poll();
        }
        return true;
    }

    private void stop(String reason) {
        stopped = true;
        connector.fail(s, reason);
    }

    @Override
    public boolean stopped() {
        return stopped;
    }

    /** Frames received before the stream closed are still delivered before this runs. */
    @Override
    public void finish() {
        splitter.release();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        writabilityChanged.run();
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        flow.streamEnded(); // when paused, the resume delivers the rest first
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        connector.fail(s, "stream error: " + cause);
    }
}
