package dev.flinkyomo.yomo.transport;

import dev.flinkyomo.yomo.LogSafe;
import dev.flinkyomo.yomo.protocol.AckFrame;
import dev.flinkyomo.yomo.protocol.DataFrame;
import dev.flinkyomo.yomo.protocol.FrameCodec;
import dev.flinkyomo.yomo.protocol.HandshakeAckFrame;
import dev.flinkyomo.yomo.protocol.HandshakeFrame;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.quic.QuicStreamChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.function.Consumer;

/**
 * The client side of the acknowledgement extension (yomo-java/ACKS.md): asks for it in the
 * handshake, acts on the answer (resend after ResumeAfter, run at most once, or refuse), routes
 * writes through the {@link UnackedFrames} and applies the receiver's Acks. Present only when
 * {@link ClientOptions#acknowledgements()} is set.
 */
final class ClientAcks {

    /** Logs as YomoClient, the name users know the client by. */
    private static final Logger LOG = LoggerFactory.getLogger(YomoClient.class);

    private final ClientOptions options;
    private final AckOptions ack;
    private final FrameCodec codec;
    private final UnackedFrames frames;

    /** Whether the current (or last) session was granted acknowledgements. */
    private volatile boolean granted;

    /** The session frames go to; event loop only. */
    private ClientSession attached;

    private boolean warnedAtMostOnce;

    ClientAcks(ClientOptions options) {
        this.options = options;
        this.ack = options.acknowledgements();
        this.codec = options.generation().codec();
        this.frames = new UnackedFrames(ack);
    }

    /**
     * At start, before the first dial: with a journal, loads the frames it holds so the first
     * session resends them as after a reconnect.
     *
     * @throws AckJournalException when the journal cannot be used
     */
    void openJournal() {
        if (ack.journal() == null) {
            return;
        }
        AckJournal journal =
                AckJournal.open(ack.journalPath(), ack.producerId(), ack.journalSync());
        frames.restore(journal);
        JournalReader.Contents c = journal.recovered();
        LOG.info(
                "YoMo client {}: producer {} journals its unacknowledged frames to {} ({}); {}"
                        + " frames recovered from it, durable up to sequence {}, last sequence {}",
                LogSafe.quote(options.name()),
                LogSafe.quote(ack.producerId()),
                ack.journal(),
                ack.journalSync(),
                c.frames().size(),
                Long.toUnsignedString(c.durable()),
                Long.toUnsignedString(c.lastSequence()));
    }

    HandshakeFrame ask(HandshakeFrame h) {
        return h.withAcknowledgements(ack.producerId());
    }

    /**
     * Event loop, at the HandshakeAck: resends what the receiver has not emitted, or runs at most
     * once. Returns null, or why the client must stop (acknowledgements required, not granted).
     */
    String connected(ClientSession s, HandshakeAckFrame answer) {
        Consumer<DataFrame> sink = sinkOf(s.stream);
        attached = s;
        if (answer.acknowledgementsGranted()) {
            granted = true;
            int resent = frames.resume(answer.resumeAfter(), sink);
            s.stream.flush();
            LOG.info(
                    "YoMo client {}: producer {} granted acknowledgements by {}; resuming after"
                            + " sequence {}, {} frames resent, last sequence {}",
                    LogSafe.quote(options.name()),
                    LogSafe.quote(ack.producerId()),
                    s.endpoint,
                    Long.toUnsignedString(answer.resumeAfter()),
                    resent,
                    Long.toUnsignedString(frames.lastSequence()));
            return null;
        }
        granted = false;
        if (ack.required()) {
            return "the zipper at "
                    + s.endpoint
                    + " did not grant acknowledgements to producer "
                    + LogSafe.quote(ack.producerId())
                    + " (a stock YoMo zipper, or a listener without producer positions), and"
                    + " this client requires them (AckOptions.required)";
        }
        if (!warnedAtMostOnce) {
            warnedAtMostOnce = true;
            LOG.warn(
                    "YoMo client {}: the zipper at {} did not grant acknowledgements to producer"
                            + " {}; frames are sent at most once (unnumbered, not kept, not resent)"
                            + " while connected to it",
                    LogSafe.quote(options.name()),
                    s.endpoint,
                    LogSafe.quote(ack.producerId()));
        }
        frames.runAtMostOnce(sink);
        s.stream.flush();
        return null;
    }

    private Consumer<DataFrame> sinkOf(QuicStreamChannel stream) {
        return f -> stream.write(Unpooled.wrappedBuffer(codec.encode(f)), stream.voidPromise());
    }

    /** Event loop: an Ack on a granted session. */
    void acknowledged(AckFrame a) {
        frames.acknowledged(a.durable());
    }

    /** Event loop: the session ended; frames wait for the next one. */
    void lost(ClientSession s) {
        if (attached == s) {
            attached = null;
            frames.detach();
        }
    }

    /** Any thread; blocks while the buffer is full unless on the event loop (then it throws). */
    long write(DataFrame frame, boolean mayBlock) {
        try {
            return frames.append(frame, mayBlock);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(
                    "interrupted while waiting for room among the unacknowledged frames of"
                            + " producer "
                            + LogSafe.quote(ack.producerId())
                            + "; the frame was not written",
                    e);
        }
    }

    boolean hasRoom() {
        return frames.hasRoom();
    }

    int unacknowledgedFrames() {
        return frames.size();
    }

    boolean granted() {
        return granted;
    }

    long lastSequence() {
        return frames.lastSequence();
    }

    long durableSequence() {
        return frames.durable();
    }

    boolean awaitDurable(long sequence, Duration timeout) throws InterruptedException {
        return frames.awaitDurable(sequence, timeout);
    }

    /** The client stopped: blocked writers and waiters give up. */
    void close() {
        frames.close();
    }
}
