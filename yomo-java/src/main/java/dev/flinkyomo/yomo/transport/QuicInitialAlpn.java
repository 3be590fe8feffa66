package dev.flinkyomo.yomo.transport;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Reads the ALPN protocols a client offers from its QUIC v1 Initial packet. Initial packets are
 * protected with keys derived from the public destination connection ID (RFC 9001 §5.2), so a
 * server can read the ClientHello before TLS runs. Used only to name the offered ALPN when TLS
 * refuses a client: quiche selects the ALPN inside BoringSSL and reports nothing about the offer.
 *
 * <p>Every failure (not a v1 Initial, truncated, undecryptable, ClientHello continuing in a later
 * packet, no ALPN extension) gives an empty result; nothing here throws on hostile input.
 */
final class QuicInitialAlpn {

    private static final int QUIC_V1 = 0x00000001;
    private static final byte[] INITIAL_SALT_V1 = hex("38762cf7f55934b34d179ae6a4c80cadccbb7f0a");
    private static final int MAX_CID_LENGTH = 20;
    private static final int SAMPLE_LENGTH = 16;
    private static final int AEAD_TAG_BITS = 128;
    private static final int FRAME_PADDING = 0x00;
    private static final int FRAME_PING = 0x01;
    private static final int FRAME_ACK = 0x02;
    private static final int FRAME_ACK_ECN = 0x03;
    private static final int FRAME_CRYPTO = 0x06;
    private static final int HANDSHAKE_CLIENT_HELLO = 0x01;
    private static final int EXTENSION_ALPN = 0x0010;

    private QuicInitialAlpn() {}

    /** True for a long-header packet of type Initial: a cheap test on the first byte only. */
    static boolean looksLikeInitial(int firstByte) {
        return (firstByte & 0xF0) == 0xC0;
    }

    /**
     * The protocols offered in the first QUIC packet of {@code datagram}, in the client's order.
     */
    static Optional<List<String>> offered(byte[] datagram) {
        try {
            byte[] crypto = cryptoStreamStart(decryptInitial(datagram));
            return alpnOfClientHello(new Reader(crypto, 0, crypto.length));
        } catch (IllegalArgumentException
                | IndexOutOfBoundsException
                | GeneralSecurityException e) {
            return Optional.empty();
        }
    }

    /** Removes header protection and the AEAD of a client's v1 Initial; returns the frames. */
    private static byte[] decryptInitial(byte[] d) throws GeneralSecurityException {
        Reader r = new Reader(d, 0, d.length);
        int first = r.u8();
        if (!looksLikeInitial(first) || r.u32() != QUIC_V1) {
            throw new IllegalArgumentException("not a QUIC v1 Initial packet");
        }
        byte[] dcid = r.bytes(r.u8(), MAX_CID_LENGTH);
        r.skip(r.u8()); // source connection ID
        r.skip(r.varint()); // token
        long length = r.varint();
        int pnOffset = r.pos;
        if (length < 4 + SAMPLE_LENGTH || pnOffset + length > d.length) {
            throw new IllegalArgumentException(
                    "packet length " + length + " does not fit the datagram");
        }
        int end = (int) (pnOffset + length);

        byte[] secret = expandLabel(hkdfExtract(INITIAL_SALT_V1, dcid), "client in", 32);
        byte[] mask =
                aesEcb(
                        expandLabel(secret, "quic hp", 16),
                        Arrays.copyOfRange(d, pnOffset + 4, pnOffset + 4 + SAMPLE_LENGTH));
        byte[] header = Arrays.copyOfRange(d, 0, pnOffset + 4);
        header[0] ^= (byte) (mask[0] & 0x0F);
        int pnLength = (header[0] & 0x03) + 1;
        header = Arrays.copyOf(header, pnOffset + pnLength);
        byte[] nonce = expandLabel(secret, "quic iv", 12);
        for (int i = 0; i < pnLength; i++) {
            header[pnOffset + i] ^= mask[1 + i];
            nonce[nonce.length - pnLength + i] ^= header[pnOffset + i];
        }
        Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
        gcm.init(
                Cipher.DECRYPT_MODE,
                new SecretKeySpec(expandLabel(secret, "quic key", 16), "AES"),
                new GCMParameterSpec(AEAD_TAG_BITS, nonce));
        gcm.updateAAD(header);
        return gcm.doFinal(d, pnOffset + pnLength, end - pnOffset - pnLength);
    }

    /** The CRYPTO frames' bytes from stream offset 0 on, as far as they are contiguous. */
    private static byte[] cryptoStreamStart(byte[] frames) {
        TreeMap<Long, byte[]> pieces = new TreeMap<>();
        Reader r = new Reader(frames, 0, frames.length);
        while (r.remaining() > 0) {
            long type = r.varint();
            if (type == FRAME_PADDING || type == FRAME_PING) {
                continue;
            }
            if (type == FRAME_ACK || type == FRAME_ACK_ECN) {
                r.varint(); // largest acknowledged
                r.varint(); // delay
                long ranges = r.varint();
                r.varint(); // first range
                for (long i = 0; i < 2 * ranges; i++) {
                    r.varint();
                }
                if (type == FRAME_ACK_ECN) {
                    r.varint();
                    r.varint();
                    r.varint();
                }
            } else if (type == FRAME_CRYPTO) {
                long offset = r.varint();
                pieces.putIfAbsent(offset, r.bytes(r.varint(), frames.length));
            } else {
                break; // nothing else carries the ClientHello
            }
        }
        byte[] out = new byte[0];
        for (var piece : pieces.entrySet()) {
            if (piece.getKey() > out.length) {
                break;
            }
            int skip = (int) (out.length - piece.getKey());
            byte[] p = piece.getValue();
            if (p.length > skip) {
                int at = out.length;
                out = Arrays.copyOf(out, at + p.length - skip);
                System.arraycopy(p, skip, out, at, p.length - skip);
            }
        }
        return out;
    }

    /** Walks the ClientHello up to the ALPN extension; empty if the bytes end before it. */
    private static Optional<List<String>> alpnOfClientHello(Reader r) {
        if (r.u8() != HANDSHAKE_CLIENT_HELLO) {
            return Optional.empty();
        }
        r.skip(3); // length: the message may continue in a later packet, so walk what is here
        r.skip(2 + 32); // legacy_version, random
        r.skip(r.u8()); // legacy_session_id
        r.skip(r.u16()); // cipher_suites
        r.skip(r.u8()); // legacy_compression_methods
        int extensionsLength = r.u16();
        int extensionsEnd = Math.min(r.pos + extensionsLength, r.end);
        while (r.pos + 4 <= extensionsEnd) {
            int type = r.u16();
            int length = r.u16();
            if (type != EXTENSION_ALPN) {
                r.skip(length);
                continue;
            }
            Reader list = new Reader(r.data, r.pos, r.pos + length);
            int listLength = list.u16();
            Reader names = new Reader(r.data, list.pos, Math.min(list.pos + listLength, list.end));
            List<String> protocols = new ArrayList<>();
            while (names.remaining() > 0) {
                protocols.add(new String(names.bytes(names.u8(), 255), StandardCharsets.US_ASCII));
            }
            return Optional.of(protocols);
        }
        return Optional.empty();
    }

    private static byte[] hkdfExtract(byte[] salt, byte[] ikm) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(salt, "HmacSHA256"));
        return mac.doFinal(ikm);
    }

    /** TLS 1.3 HKDF-Expand-Label with an empty context, for outputs of one SHA-256 block. */
    private static byte[] expandLabel(byte[] secret, String label, int length)
            throws GeneralSecurityException {
        byte[] fullLabel = ("tls13 " + label).getBytes(StandardCharsets.US_ASCII);
        byte[] info = new byte[2 + 1 + fullLabel.length + 1 + 1];
        info[0] = (byte) (length >>> 8);
        info[1] = (byte) length;
        info[2] = (byte) fullLabel.length;
        System.arraycopy(fullLabel, 0, info, 3, fullLabel.length);
        info[info.length - 2] = 0; // context length
        info[info.length - 1] = 1; // HKDF-Expand block counter
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret, "HmacSHA256"));
        return Arrays.copyOf(mac.doFinal(info), length);
    }

    private static byte[] aesEcb(byte[] key, byte[] block) throws GeneralSecurityException {
        Cipher aes = Cipher.getInstance("AES/ECB/NoPadding");
        aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"));
        return aes.doFinal(block);
    }

    private static byte[] hex(String s) {
        byte[] out = new byte[s.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
        }
        return out;
    }

    /** A bounds-checked cursor; reading past {@code end} throws IndexOutOfBoundsException. */
    private static final class Reader {
        final byte[] data;
        final int end;
        int pos;

        Reader(byte[] data, int from, int end) {
            if (from < 0 || end > data.length || from > end) {
                throw new IndexOutOfBoundsException(
                        "range " + from + ".." + end + " of " + data.length);
            }
            this.data = data;
            this.pos = from;
            this.end = end;
        }

        int remaining() {
            return end - pos;
        }

        private void need(long n) {
            if (n < 0 || n > end - pos) {
                throw new IndexOutOfBoundsException(
                        n + " bytes at " + pos + ", " + (end - pos) + " left");
            }
        }

        int u8() {
            need(1);
            return data[pos++] & 0xFF;
        }

        int u16() {
            return u8() << 8 | u8();
        }

        int u32() {
            return u16() << 16 | u16();
        }

        void skip(long n) {
            need(n);
            pos += (int) n;
        }

        byte[] bytes(long n, int max) {
            if (n > max) {
                throw new IllegalArgumentException("field of " + n + " bytes exceeds " + max);
            }
            need(n);
            byte[] b = Arrays.copyOfRange(data, pos, pos + (int) n);
            pos += (int) n;
            return b;
        }

        /** A QUIC variable-length integer (RFC 9000 §16). */
        long varint() {
            int first = u8();
            int extra = (1 << (first >>> 6)) - 1;
            long v = first & 0x3F;
            for (int i = 0; i < extra; i++) {
                v = v << 8 | u8();
            }
            return v;
        }
    }
}
