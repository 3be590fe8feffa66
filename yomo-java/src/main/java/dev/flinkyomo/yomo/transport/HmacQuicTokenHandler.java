package dev.flinkyomo.yomo.transport;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.quic.Quic;
import io.netty.handler.codec.quic.QuicTokenHandler;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * QUIC address validation (RFC 9000 §8.1) with tokens a client cannot forge: the listener answers a
 * first Initial with a Retry carrying a token, and only an Initial that echoes a valid token
 * creates connection state. So every connection's source address is proven to be the sender's,
 * which is what makes the per-address cap of {@link ConnectionAdmission} mean something, and a
 * spoofed flood costs the listener one Retry per packet and no state. Netty's {@code
 * InsecureQuicTokenHandler}, used before, wrote the address in clear with no signature, so anyone
 * could mint a token for any address.
 *
 * <p>Token: {@code version (1) | issued (8) | address length (1) | address (4 or 16) | HMAC-SHA256
 * (32) | original destination connection ID}. The HMAC covers everything else, under a key drawn at
 * random for each listener (tokens never need to outlive it or cross processes, so nothing is
 * configured or stored). "Issued" is the listener's monotonic clock ({@link System#nanoTime()}),
 * for the same reason: no wall-clock jumps. The original connection ID comes last because Netty
 * takes it from the returned offset to the token's end.
 *
 * <p>A token lives {@value #LIFETIME_SECONDS} s: a Retry token is echoed one round trip later, but
 * also in every retransmission of the client's Initial until the handshake completes, and a client
 * on a lossy link retransmits for up to its handshake timeout (3 s in Go YoMo, 10 s in {@link
 * YomoClient}); 30 s covers both with margin, while a captured token soon expires and, bound to the
 * address, cannot be replayed from elsewhere meanwhile.
 */
final class HmacQuicTokenHandler implements QuicTokenHandler {

    static final long LIFETIME_SECONDS = 30;

    static final byte VERSION = 1;

    private static final String ALGORITHM = "HmacSHA256";
    private static final int MAC_LENGTH = 32;
    private static final int KEY_LENGTH = 32;
    private static final int HEADER_LENGTH = 1 + Long.BYTES + 1; // version, issued, address length

    /** What a token check found; only {@link #VALID} lets the connection proceed. */
    enum Verdict {
        VALID,
        MALFORMED,
        BAD_SIGNATURE,
        OTHER_ADDRESS,
        EXPIRED
    }

    private final SecretKeySpec key;
    private final long lifetimeNanos;
    private final LongSupplier nanoClock;

    /** Macs are not thread-safe and a listener may run several event loops. */
    private final ThreadLocal<Mac> macs;

    /** A handler with a fresh random key, the real clock and the given lifetime. */
    HmacQuicTokenHandler(Duration lifetime) {
        this(randomKey(), lifetime, System::nanoTime);
    }

    HmacQuicTokenHandler(byte[] key, Duration lifetime, LongSupplier nanoClock) {
        this.key = new SecretKeySpec(key.clone(), ALGORITHM);
        this.lifetimeNanos = lifetime.toNanos();
        this.nanoClock = nanoClock;
        this.macs = ThreadLocal.withInitial(this::newMac);
        newMac(); // fails now, not on the first packet, if the JDK lacks HmacSHA256
    }

    @Override
    public boolean writeToken(ByteBuf out, ByteBuf dcid, InetSocketAddress address) {
        byte[] ip = address.getAddress().getAddress();
        int start = out.writerIndex();
        out.writeByte(VERSION).writeLong(nanoClock.getAsLong()).writeByte(ip.length).writeBytes(ip);
        byte[] mac = sign(out, start, out.writerIndex() - start, dcid, dcid.readerIndex());
        out.writeBytes(mac).writeBytes(dcid, dcid.readerIndex(), dcid.readableBytes());
        return true;
    }

    @Override
    public int validateToken(ByteBuf token, InetSocketAddress address) {
        return check(token, address) == Verdict.VALID ? odcidOffset(token) : -1;
    }

    @Override
    public int maxTokenLength() {
        return HEADER_LENGTH + 16 + MAC_LENGTH + Quic.MAX_CONN_ID_LEN;
    }

    /** Checks signature first (nothing unsigned is trusted), then address, then age. */
    Verdict check(ByteBuf token, InetSocketAddress address) {
        int r = token.readerIndex();
        int end = token.writerIndex();
        if (end - r < HEADER_LENGTH || token.getByte(r) != VERSION) {
            return Verdict.MALFORMED;
        }
        int ipLength = token.getUnsignedByte(r + 1 + Long.BYTES);
        if (ipLength != 4 && ipLength != 16) {
            return Verdict.MALFORMED;
        }
        int macAt = r + HEADER_LENGTH + ipLength;
        int odcidAt = macAt + MAC_LENGTH;
        if (odcidAt > end || end - odcidAt > Quic.MAX_CONN_ID_LEN) {
            return Verdict.MALFORMED;
        }
        byte[] expected = sign(token, r, macAt - r, token, odcidAt);
        byte[] actual = new byte[MAC_LENGTH];
        token.getBytes(macAt, actual);
        if (!MessageDigest.isEqual(expected, actual)) { // constant time: no byte-by-byte oracle
            return Verdict.BAD_SIGNATURE;
        }
        byte[] ip = address.getAddress().getAddress();
        byte[] tokenIp = new byte[ipLength];
        token.getBytes(r + HEADER_LENGTH, tokenIp);
        if (!MessageDigest.isEqual(ip, tokenIp)) {
            return Verdict.OTHER_ADDRESS;
        }
        long age = nanoClock.getAsLong() - token.getLong(r + 1);
        if (age < 0 || age > lifetimeNanos) {
            return Verdict.EXPIRED;
        }
        return Verdict.VALID;
    }

    /** Where the original destination connection ID starts, relative to the reader index. */
    private static int odcidOffset(ByteBuf token) {
        int ipLength = token.getUnsignedByte(token.readerIndex() + 1 + Long.BYTES);
        return HEADER_LENGTH + ipLength + MAC_LENGTH;
    }

    /** HMAC of {@code head[from, from+length)} followed by {@code tail} from {@code tailFrom}. */
    private byte[] sign(ByteBuf head, int from, int length, ByteBuf tail, int tailFrom) {
        Mac mac = macs.get();
        mac.update(head.nioBuffer(from, length));
        mac.update(tail.nioBuffer(tailFrom, tail.writerIndex() - tailFrom));
        return mac.doFinal();
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign QUIC address tokens with " + ALGORITHM, e);
        }
    }

    private static byte[] randomKey() {
        byte[] k = new byte[KEY_LENGTH];
        new SecureRandom().nextBytes(k);
        return k;
    }
}
