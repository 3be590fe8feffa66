package dev.flinkyomo.yomo.protocol;

import dev.flinkyomo.annotation.PublicEvolving;
import dev.flinkyomo.y3.Y3Cursor;
import dev.flinkyomo.y3.Y3Exception;
import dev.flinkyomo.y3.Y3Tag;
import dev.flinkyomo.y3.Y3Writer;
import dev.flinkyomo.yomo.MetadataKeys;
import dev.flinkyomo.yomo.Tag;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The 2021 protocol of yomo v1.5.x (yomo@v1.5.3 internal/frame):
 *
 * <pre>
 * Handshake 0x3D { 0x01 name, 0x02 client type (1 byte) }
 * DataFrame 0x3F { Meta 0x2F { 0x01 tid }, Payload 0x2E { &lt;tag&gt; carriage } }
 * Accepted 0x3A {}   Rejected 0x39 {}   Ping 0x3C {}   Pong 0x3B {}
 * </pre>
 *
 * <p>yomo v1.6 added handshake fields, of which {@code 0x06 ObserveDataTags} (one byte per tag) is
 * read and written here; a v1.5 zipper skips it, as it skips every key it does not know.
 *
 * <p>Mapped onto the generation-neutral frames: the payload primitive's key is the data tag (so
 * tags are 0x00 to 0x3F), the tid becomes metadata {@code yomo-tid}, Accepted is a {@link
 * HandshakeAckFrame}. A handshake decodes with an empty version; it had none.
 */
@PublicEvolving
public final class LegacyFrameCodec implements FrameCodec {

    public static final LegacyFrameCodec INSTANCE = new LegacyFrameCodec();

    /** The largest data tag: the tag is the payload primitive's Y3 key. */
    public static final long MAX_TAG = Y3Tag.MAX_KEY;

    static final int HANDSHAKE = 0x3D;
    static final int DATA = 0x3F;
    static final int META = 0x2F;
    static final int PAYLOAD = 0x2E;
    static final int ACCEPTED = 0x3A;
    static final int REJECTED = 0x39;
    static final int PING = 0x3C;
    static final int PONG = 0x3B;
    static final int FIELD_NAME = 0x01;
    static final int FIELD_CLIENT_TYPE = 0x02;
    static final int FIELD_OBSERVE_DATA_TAGS = 0x06;
    static final int FIELD_TID = 0x01;

    static final String HANDSHAKE_NAME = "HandshakeFrame(2021)";
    static final String DATA_NAME = "DataFrame(2021)";

    private LegacyFrameCodec() {}

    @Override
    public ProtocolGeneration generation() {
        return ProtocolGeneration.LEGACY_2021;
    }

    @Override
    public byte[] encode(Frame frame) {
        if (frame instanceof DataFrame d) {
            if (d.tag() > Y3Tag.MAX_KEY) {
                throw new IllegalArgumentException(
                        "the 2021 protocol carries tags 0x00-0x3F only, got "
                                + Tag.format(d.tag()));
            }
            Map<String, String> md = MetadataCodec.decode(d.metadata());
            return new Y3Writer(dev.flinkyomo.y3.IntegerEncoding.NVARINT, d.payload().length + 32)
                    .beginNode(DATA)
                    .beginNode(META)
                    .string(FIELD_TID, md.getOrDefault(MetadataKeys.TID, ""))
                    .endNode()
                    .beginNode(PAYLOAD)
                    .bytes((int) d.tag(), d.payload())
                    .endNode()
                    .endNode()
                    .toByteArray();
        } else if (frame instanceof HandshakeFrame h) {
            Y3Writer w =
                    new Y3Writer()
                            .beginNode(HANDSHAKE)
                            .string(FIELD_NAME, h.name())
                            .bytes(FIELD_CLIENT_TYPE, new byte[] {(byte) h.clientType()});
            if (!h.observeDataTags().isEmpty()) {
                w.bytes(FIELD_OBSERVE_DATA_TAGS, observedTagBytes(h.observeDataTags()));
            }
            return w.endNode().toByteArray();
        } else if (frame instanceof HandshakeAckFrame) {
            return empty(ACCEPTED);
        } else if (frame instanceof RejectedFrame) {
            return empty(REJECTED); // v1.5 rejections carry no message
        }
        throw new IllegalArgumentException("the 2021 protocol has no " + frame.type().frameName());
    }

    private static byte[] observedTagBytes(List<Long> tags) {
        byte[] b = new byte[tags.size()];
        for (int i = 0; i < b.length; i++) {
            long t = tags.get(i);
            if (t > MAX_TAG) {
                throw new IllegalArgumentException(
                        "the 2021 protocol carries tags 0x00-0x3F only, got " + Tag.format(t));
            }
            b[i] = (byte) t;
        }
        return b;
    }

    private static byte[] empty(int key) {
        return new Y3Writer().beginNode(key).endNode().toByteArray();
    }

    @Override
    public boolean isIgnorable(byte[] buf, int off, int len) {
        int key = len > 0 ? Y3Tag.key(buf[off] & 0xFF) : -1;
        return key == PING || key == PONG;
    }

    @Override
    public Frame decode(byte[] buf, int off, int len) {
        Y3Cursor outer = Y3Frames.outer(buf, off, len);
        int key = outer.key();
        try {
            switch (key) {
                case DATA:
                    return decodeData(Y3Frames.fields(outer, DATA_NAME));
                case HANDSHAKE:
                    return decodeHandshake(Y3Frames.fields(outer, HANDSHAKE_NAME));
                case ACCEPTED:
                    return HandshakeAckFrame.INSTANCE;
                case REJECTED:
                    return new RejectedFrame("");
                default:
                    throw new YomoProtocolException(
                            "frame",
                            0,
                            "unknown frame type " + Y3Tag.hex(key) + " (2021 protocol)");
            }
        } catch (Y3Exception e) {
            throw Y3Frames.wrap(key == DATA ? DATA_NAME : HANDSHAKE_NAME, e);
        }
    }

    private static HandshakeFrame decodeHandshake(Y3Cursor f) {
        String name = "";
        int clientType = -1;
        List<Long> observed = List.of();
        while (f.next()) {
            if (f.key() == FIELD_NAME) {
                Y3Frames.requirePrimitive(f, HANDSHAKE_NAME);
                name = f.string();
            } else if (f.key() == FIELD_CLIENT_TYPE) {
                Y3Frames.requirePrimitive(f, HANDSHAKE_NAME);
                if (f.valueLength() != 1) {
                    throw new YomoProtocolException(
                            HANDSHAKE_NAME,
                            f.valueOffset(),
                            "client type must be exactly 1 byte, got " + f.valueLength());
                }
                clientType = f.buffer()[f.valueIndex()] & 0xFF;
            } else if (f.key() == FIELD_OBSERVE_DATA_TAGS) {
                Y3Frames.requirePrimitive(f, HANDSHAKE_NAME);
                observed = new ArrayList<>(f.valueLength());
                for (int i = 0; i < f.valueLength(); i++) {
                    observed.add((long) (f.buffer()[f.valueIndex() + i] & 0xFF));
                }
            }
        }
        if (clientType < 0) {
            throw new YomoProtocolException(
                    HANDSHAKE_NAME, -1, "client type field 0x02 is missing");
        }
        return new HandshakeFrame(name, "", clientType, observed, "", "", "", "", "");
    }

    private static DataFrame decodeData(Y3Cursor f) {
        String tid = null;
        long tag = -1;
        byte[] payload = null;
        while (f.next()) {
            if (f.key() == META) {
                Y3Frames.requireNode(f, DATA_NAME);
                Y3Cursor meta = f.children();
                // v1.5.3 takes the first primitive of the MetaFrame as the tid
                while (tid == null && meta.next()) {
                    if (!meta.isNode()) {
                        tid = meta.string();
                    }
                }
            } else if (f.key() == PAYLOAD) {
                Y3Frames.requireNode(f, DATA_NAME);
                Y3Cursor p = f.children();
                // v1.5.3 takes the first primitive child: its key is the data tag
                while (payload == null && p.next()) {
                    if (!p.isNode()) {
                        tag = p.key();
                        payload = p.bytes();
                    }
                }
            }
        }
        if (payload == null) {
            throw new YomoProtocolException(
                    DATA_NAME, -1, "PayloadFrame 0x2E with a carriage is missing");
        }
        Map<String, String> md = tid == null ? Map.of() : Map.of(MetadataKeys.TID, tid);
        return new DataFrame(tag, MetadataCodec.encode(md), payload);
    }
}
