package dev.flinkyomo.yomo.protocol;

import dev.flinkyomo.annotation.PublicEvolving;
import dev.flinkyomo.y3.IntegerEncoding;
import dev.flinkyomo.y3.PVarInt;
import dev.flinkyomo.y3.Y3Cursor;
import dev.flinkyomo.y3.Y3Exception;
import dev.flinkyomo.y3.Y3Header;
import dev.flinkyomo.y3.Y3Tag;
import dev.flinkyomo.y3.Y3Writer;

import java.util.Arrays;
import java.util.List;

/**
 * The final Go protocol (yomo@v1.22.3 pkg/frame-codec/y3codec). Every field is always written, in
 * Go's order, so encoder output equals Go's bytes; decoding looks fields up by key.
 */
@PublicEvolving
public final class FinalFrameCodec implements FrameCodec {

    public static final FinalFrameCodec INSTANCE = new FinalFrameCodec();

    // handshake fields
    static final int HS_NAME = 0x01;
    static final int HS_CLIENT_TYPE = 0x02;
    static final int HS_ID = 0x03;
    static final int HS_AUTH_NAME = 0x04;
    static final int HS_AUTH_PAYLOAD = 0x05;
    static final int HS_OBSERVE_TAGS = 0x06;
    static final int HS_VERSION = 0x07;
    static final int HS_WANTED_TARGET = 0x08;
    static final int HS_FUNCTION_DEFINITION = 0x09;
    // data frame fields
    static final int DATA_TAG = 0x01;
    static final int DATA_PAYLOAD = 0x02;
    static final int DATA_METADATA = 0x03;
    // the one field of Rejected, Goaway and ConnectTo
    static final int MESSAGE = 0x01;
    // the acknowledgement extension (ACKS.md): written only when used, so stock frames are
    // byte for byte YoMo's; keys 0x20 and up are unused by every YoMo version
    static final int HS_ACK_VERSION = 0x20;
    static final int HS_PRODUCER_ID = 0x21;
    static final int ACK_GRANTED_VERSION = 0x20;
    static final int ACK_RESUME_AFTER = 0x21;
    static final int DATA_SEQUENCE = 0x20;
    static final int ACK_DURABLE = 0x01;

    private static final byte[] NO_BYTES = new byte[0];

    /** The first byte of a DataFrame packet: a node keyed by the frame type. */
    private static final int DATA_PACKET_TAG = Y3Tag.NODE_FLAG | FrameType.DATA.code();

    private FinalFrameCodec() {}

    @Override
    public ProtocolGeneration generation() {
        return ProtocolGeneration.FINAL;
    }

    @Override
    public byte[] encode(Frame frame) {
        if (frame instanceof DataFrame d) {
            return encodeData(d);
        } else if (frame instanceof HandshakeFrame h) {
            return encodeHandshake(h);
        } else if (frame instanceof RejectedFrame r) {
            return message(FrameType.REJECTED, r.message());
        } else if (frame instanceof GoawayFrame g) {
            return message(FrameType.GOAWAY, g.message());
        } else if (frame instanceof ConnectToFrame c) {
            return message(FrameType.CONNECT_TO, c.endpoint());
        } else if (frame instanceof AckFrame a) {
            return new Y3Writer(IntegerEncoding.NVARINT)
                    .beginNode(FrameType.ACK.code())
                    .uint64(ACK_DURABLE, a.durable())
                    .endNode()
                    .toByteArray();
        } else {
            return encodeHandshakeAck((HandshakeAckFrame) frame);
        }
    }

    private static byte[] encodeHandshakeAck(HandshakeAckFrame a) {
        Y3Writer w =
                new Y3Writer(IntegerEncoding.NVARINT).beginNode(FrameType.HANDSHAKE_ACK.code());
        if (a.acknowledgementsGranted()) {
            w.uint32(ACK_GRANTED_VERSION, a.ackVersion()).uint64(ACK_RESUME_AFTER, a.resumeAfter());
        }
        return w.endNode().toByteArray();
    }

    /**
     * The send hot path: the exact size first, then one pass into one array. Y3Writer (kept for the
     * other frames, and as the reference in {@code FinalFrameCodecTest}) sizes a node only when it
     * closes, so it shifts the body and copies the result; with its 64-slot node stack that was 0.3
     * to 0.5 KB of garbage per frame, the largest allocation of the Flink task thread in
     * LatencyBenchmark's JFR profile (BENCHMARKS.md). Bytes are identical.
     */
    static byte[] encodeData(DataFrame d) {
        int tagSize = IntegerEncoding.NVARINT.size32((int) d.tag());
        int metadataSize = d.metadata().length;
        int payloadSize = d.payload().length;
        long sequence = d.sequence();
        int sequenceSize = sequence == 0 ? 0 : IntegerEncoding.NVARINT.size64(sequence);
        long body =
                primitiveSize(tagSize)
                        + primitiveSize(metadataSize)
                        + primitiveSize(payloadSize)
                        + (sequence == 0 ? 0 : primitiveSize(sequenceSize));
        if (body > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("DataFrame larger than 2 GiB: " + d);
        }
        byte[] out = new byte[1 + PVarInt.size32((int) body) + (int) body];
        out[0] = (byte) DATA_PACKET_TAG;
        int pos = 1 + PVarInt.write32((int) body, out, 1);
        pos = header(DATA_TAG, tagSize, out, pos);
        pos += IntegerEncoding.NVARINT.write32((int) d.tag(), out, pos);
        pos = header(DATA_METADATA, metadataSize, out, pos);
        System.arraycopy(d.metadata(), 0, out, pos, metadataSize);
        pos = header(DATA_PAYLOAD, payloadSize, out, pos + metadataSize);
        System.arraycopy(d.payload(), 0, out, pos, payloadSize);
        if (sequence != 0) {
            pos = header(DATA_SEQUENCE, sequenceSize, out, pos + payloadSize);
            IntegerEncoding.NVARINT.write64(sequence, out, pos);
        }
        return out;
    }

    /** Tag byte, length and value of a primitive whose value is {@code valueSize} bytes. */
    private static long primitiveSize(int valueSize) {
        return 1L + PVarInt.size32(valueSize) + valueSize;
    }

    /** Writes a primitive's tag and length at {@code pos}; returns where its value starts. */
    private static int header(int key, int valueSize, byte[] out, int pos) {
        out[pos] = (byte) key;
        return pos + 1 + PVarInt.write32(valueSize, out, pos + 1);
    }

    private static byte[] encodeHandshake(HandshakeFrame h) {
        Y3Writer w =
                new Y3Writer(IntegerEncoding.NVARINT)
                        .beginNode(FrameType.HANDSHAKE.code())
                        .string(HS_NAME, h.name())
                        .string(HS_ID, h.id())
                        .bytes(HS_CLIENT_TYPE, new byte[] {(byte) h.clientType()})
                        .bytes(HS_OBSERVE_TAGS, ObservedTags.encode(h.observeDataTags()))
                        .string(HS_AUTH_NAME, h.authName())
                        .string(HS_AUTH_PAYLOAD, h.authPayload())
                        .string(HS_VERSION, h.version())
                        .string(HS_FUNCTION_DEFINITION, h.functionDefinition())
                        .string(HS_WANTED_TARGET, h.wantedTarget());
        if (h.asksForAcknowledgements()) {
            w.uint32(HS_ACK_VERSION, h.ackVersion()).string(HS_PRODUCER_ID, h.producerId());
        }
        return w.endNode().toByteArray();
    }

    private static byte[] message(FrameType type, String message) {
        return new Y3Writer()
                .beginNode(type.code())
                .string(MESSAGE, message)
                .endNode()
                .toByteArray();
    }

    @Override
    public Frame decode(byte[] buf, int off, int len) {
        if (len > 2 && (buf[off] & 0xFF) == DATA_PACKET_TAG) {
            DataFrame d = decodeWellFormedData(buf, off, len);
            if (d != null) {
                return d;
            }
        }
        return decodeGeneral(buf, off, len);
    }

    /**
     * The receive hot path: a DataFrame whose fields are all primitives, walked in place without
     * cursors. Anything unusual (a nested node, a length past its parent, trailing bytes, an
     * integer that does not decode) returns null, and {@link #decodeGeneral} decodes it again and
     * names the problem. Same result as the general path for every frame it accepts.
     */
    static DataFrame decodeWellFormedData(byte[] buf, int off, int len) {
        int end = off + len;
        try {
            long outer = Y3Header.tryParse(buf, off, end, len, 0);
            if (outer == Y3Header.NEED_MORE
                    || off + Y3Header.headerSize(outer) + Y3Header.valueLength(outer) != end) {
                return null;
            }
            long tag = 0;
            byte[] metadata = NO_BYTES;
            byte[] payload = NO_BYTES;
            long sequence = 0;
            int p = off + Y3Header.headerSize(outer);
            while (p < end) {
                int t = buf[p] & 0xFF;
                if (Y3Tag.isNode(t)) {
                    return null;
                }
                long h = Y3Header.tryParse(buf, p, end, end - p, 0);
                if (h == Y3Header.NEED_MORE) {
                    return null;
                }
                int value = p + Y3Header.headerSize(h);
                int length = Y3Header.valueLength(h);
                if (length > end - value) {
                    return null;
                }
                switch (Y3Tag.key(t)) {
                    case DATA_TAG:
                        tag =
                                Integer.toUnsignedLong(
                                        IntegerEncoding.NVARINT.read32(buf, value, length, value));
                        break;
                    case DATA_METADATA:
                        metadata = Arrays.copyOfRange(buf, value, value + length);
                        break;
                    case DATA_PAYLOAD:
                        payload = Arrays.copyOfRange(buf, value, value + length);
                        break;
                    case DATA_SEQUENCE:
                        sequence = IntegerEncoding.NVARINT.read64(buf, value, length, value);
                        break;
                    default:
                        break;
                }
                p = value + length;
            }
            return new DataFrame(tag, metadata, payload, sequence);
        } catch (Y3Exception e) {
            return null;
        }
    }

    /** Any frame of this generation, with errors naming the frame and the byte. */
    Frame decodeGeneral(byte[] buf, int off, int len) {
        Y3Cursor outer = Y3Frames.outer(buf, off, len);
        FrameType type = FrameType.byCode(outer.key());
        if (type == null) {
            throw new YomoProtocolException(
                    "frame",
                    0,
                    "unknown frame type " + Y3Tag.hex(outer.key()) + " (final protocol)");
        }
        String name = type.frameName();
        Y3Cursor f = Y3Frames.fields(outer, name);
        try {
            switch (type) {
                case DATA:
                    return decodeData(f, name);
                case HANDSHAKE:
                    return decodeHandshake(f, name);
                case HANDSHAKE_ACK:
                    return decodeHandshakeAck(f, name);
                case ACK:
                    return new AckFrame(decodeUint64(f, name, ACK_DURABLE));
                case REJECTED:
                    return new RejectedFrame(decodeMessage(f, name));
                case GOAWAY:
                    return new GoawayFrame(decodeMessage(f, name));
                case CONNECT_TO:
                    return new ConnectToFrame(decodeMessage(f, name));
                default:
                    throw new IllegalStateException("unhandled frame type " + type);
            }
        } catch (Y3Exception e) {
            throw Y3Frames.wrap(name, e);
        }
    }

    /** Fields of a future version are ignored, as Go does; the extension's are read. */
    private static HandshakeAckFrame decodeHandshakeAck(Y3Cursor f, String name) {
        int version = 0;
        long resumeAfter = 0;
        while (f.next()) {
            if (f.key() == ACK_GRANTED_VERSION) {
                Y3Frames.requirePrimitive(f, name);
                version = f.int32(IntegerEncoding.NVARINT);
            } else if (f.key() == ACK_RESUME_AFTER) {
                Y3Frames.requirePrimitive(f, name);
                resumeAfter = f.int64(IntegerEncoding.NVARINT);
            }
        }
        if (version <= 0) {
            // a version field of 0 or garbage grants nothing: the stock answer
            return HandshakeAckFrame.INSTANCE;
        }
        return new HandshakeAckFrame(version, resumeAfter);
    }

    private static long decodeUint64(Y3Cursor f, String name, int key) {
        long value = 0;
        while (f.next()) {
            if (f.key() == key) {
                Y3Frames.requirePrimitive(f, name);
                value = f.int64(IntegerEncoding.NVARINT);
            }
        }
        return value;
    }

    private static DataFrame decodeData(Y3Cursor f, String name) {
        long tag = 0;
        long sequence = 0;
        byte[] metadata = NO_BYTES;
        byte[] payload = NO_BYTES;
        while (f.next()) {
            switch (f.key()) {
                case DATA_TAG:
                    Y3Frames.requirePrimitive(f, name);
                    tag = f.uint32(IntegerEncoding.NVARINT);
                    break;
                case DATA_METADATA:
                    Y3Frames.requirePrimitive(f, name);
                    metadata = f.bytes();
                    break;
                case DATA_PAYLOAD:
                    Y3Frames.requirePrimitive(f, name);
                    payload = f.bytes();
                    break;
                case DATA_SEQUENCE:
                    Y3Frames.requirePrimitive(f, name);
                    sequence = f.int64(IntegerEncoding.NVARINT);
                    break;
                default:
                    break;
            }
        }
        return new DataFrame(tag, metadata, payload, sequence);
    }

    private static HandshakeFrame decodeHandshake(Y3Cursor f, String name) {
        String clientName = "";
        String id = "";
        int clientType = -1;
        List<Long> tags = List.of();
        String authName = "";
        String authPayload = "";
        String version = "";
        String functionDefinition = "";
        String wantedTarget = "";
        int ackVersion = 0;
        String producerId = "";
        while (f.next()) {
            int key = f.key();
            if (key > HS_FUNCTION_DEFINITION && key != HS_ACK_VERSION && key != HS_PRODUCER_ID) {
                continue;
            }
            Y3Frames.requirePrimitive(f, name);
            switch (key) {
                case HS_NAME:
                    clientName = f.string();
                    break;
                case HS_ID:
                    id = f.string();
                    break;
                case HS_CLIENT_TYPE:
                    if (f.valueLength() != 1) {
                        throw new YomoProtocolException(
                                name,
                                f.valueOffset(),
                                "client type must be exactly 1 byte, got " + f.valueLength());
                    }
                    clientType = f.buffer()[f.valueIndex()] & 0xFF;
                    break;
                case HS_OBSERVE_TAGS:
                    tags =
                            ObservedTags.decode(
                                    f.buffer(),
                                    f.valueIndex(),
                                    f.valueLength(),
                                    f.valueIndex() - f.valueOffset());
                    break;
                case HS_AUTH_NAME:
                    authName = f.string();
                    break;
                case HS_AUTH_PAYLOAD:
                    authPayload = f.string();
                    break;
                case HS_VERSION:
                    version = f.string();
                    break;
                case HS_FUNCTION_DEFINITION:
                    functionDefinition = f.string();
                    break;
                case HS_WANTED_TARGET:
                    wantedTarget = f.string();
                    break;
                case HS_ACK_VERSION:
                    ackVersion = Math.max(0, f.int32(IntegerEncoding.NVARINT));
                    break;
                case HS_PRODUCER_ID:
                    producerId = f.string();
                    break;
                default:
                    break;
            }
        }
        if (clientType < 0) {
            throw new YomoProtocolException(name, -1, "client type field 0x02 is missing");
        }
        return new HandshakeFrame(
                clientName,
                id,
                clientType,
                tags,
                authName,
                authPayload,
                version,
                functionDefinition,
                wantedTarget,
                ackVersion,
                producerId);
    }

    private static String decodeMessage(Y3Cursor f, String name) {
        String message = "";
        while (f.next()) {
            if (f.key() == MESSAGE) {
                Y3Frames.requirePrimitive(f, name);
                message = f.string();
            }
        }
        return message;
    }
}
