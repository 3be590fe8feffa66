package dev.flinkyomo.yomo.transport;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;

/**
 * The listener's EC private key in the encoding BoringSSL parses fastest: PKCS#8 with the public
 * key inside.
 *
 * <p>Why: Netty's QUIC codec hands the server key to BoringSSL for every handshake ({@code
 * BoringSSLCertificateCallback} PEM-encodes {@code PrivateKey.getEncoded()} and calls {@code
 * EVP_PKEY_parse} each time, and frees the result after the handshake); it has no route that keeps
 * the parsed key, except keyless signing, which signs in Java: 630-780 µs per ECDSA P-256 signature
 * with JDK 17's SunEC here, against BoringSSL's whole parse of 18 µs. The JDK encodes an EC private
 * key without its public key (67 bytes for P-256), and BoringSSL then computes the public key from
 * the private one, a scalar multiplication, in every parse: 17-25 µs per parse against 10.8-11.3 µs
 * with the public key included (issue 17, round 3, measured on the listener's 2-core machine with
 * Netty 4.2.18's BoringSSL). The JDK's own keys, the self-signed default among them, are all of the
 * first kind; OpenSSL's PKCS#8 keys already carry the public key.
 */
final class QuicServerKey {

    private static final String BEGIN = "-----BEGIN PRIVATE KEY-----";

    private QuicServerKey() {}

    /**
     * {@code key} re-encoded with the public key of {@code cert} when it is an EC key whose
     * encoding lacks it and the two belong together (a test signature verifies); else {@code key}
     * as it is, so a mismatched pair still fails in the TLS handshake as before.
     */
    static PrivateKey withPublicKey(PrivateKey key, X509Certificate cert) {
        if (!(key instanceof ECPrivateKey ec)
                || !(cert.getPublicKey() instanceof ECPublicKey pub)) {
            return key;
        }
        try {
            byte[] spki = pub.getEncoded(); // SEQUENCE { AlgorithmIdentifier, BIT STRING point }
            int[] outer = header(spki, 0);
            int algAt = outer[0];
            int[] alg = header(spki, algAt);
            int pointAt = algAt + alg[0] + alg[1];
            int[] point = header(spki, pointAt);
            byte[] algorithm = Arrays.copyOfRange(spki, algAt, pointAt);
            byte[] bitString = Arrays.copyOfRange(spki, pointAt, pointAt + point[0] + point[1]);
            if (contains(key.getEncoded(), bitString, point[0])) {
                return key; // already there
            }
            int size = (ec.getParams().getCurve().getField().getFieldSize() + 7) / 8;
            byte[] ecPrivateKey =
                    tlv(
                            0x30,
                            new byte[] {0x02, 0x01, 0x01},
                            tlv(0x04, fixed(ec.getS(), size)),
                            tlv(0xA1, bitString));
            byte[] pkcs8 =
                    tlv(0x30, new byte[] {0x02, 0x01, 0x00}, algorithm, tlv(0x04, ecPrivateKey));
            PrivateKey reencoded =
                    KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
            if (!Arrays.equals(reencoded.getEncoded(), pkcs8) || !signsFor(reencoded, pub)) {
                return key;
            }
            return reencoded;
        } catch (GeneralSecurityException | RuntimeException e) {
            return key; // not an encoding this understands: Netty gets the key as it was
        }
    }

    /**
     * The key of an unencrypted PKCS#8 PEM file ({@code BEGIN PRIVATE KEY}) as a JDK EC key, or
     * null for anything else (another format or algorithm, an encrypted key), which then goes to
     * Netty as a file, as before.
     */
    static PrivateKey readPkcs8Ec(File file) {
        try {
            String pem = Files.readString(file.toPath(), StandardCharsets.US_ASCII);
            int begin = pem.indexOf(BEGIN);
            int end = pem.indexOf("-----END PRIVATE KEY-----");
            if (begin < 0 || end < begin) {
                return null;
            }
            String body = pem.substring(begin + BEGIN.length(), end).replaceAll("\\s", "");
            return KeyFactory.getInstance("EC")
                    .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(body)));
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            return null;
        }
    }

    private static boolean signsFor(PrivateKey key, ECPublicKey pub)
            throws GeneralSecurityException {
        byte[] probe = new byte[32];
        new SecureRandom().nextBytes(probe);
        Signature s = Signature.getInstance("SHA256withECDSA");
        s.initSign(key);
        s.update(probe);
        byte[] signature = s.sign();
        s.initVerify(pub);
        s.update(probe);
        return s.verify(signature);
    }

    /** {tag-and-length bytes, content length} of the DER element at {@code at}. */
    private static int[] header(byte[] der, int at) {
        int length = der[at + 1] & 0xFF;
        int headerLength = 2;
        if (length >= 0x80) {
            int n = length & 0x7F;
            length = 0;
            for (int i = 0; i < n; i++) {
                length = (length << 8) | (der[at + 2 + i] & 0xFF);
            }
            headerLength += n;
        }
        if (at + headerLength + length > der.length) {
            throw new IllegalArgumentException("truncated DER");
        }
        return new int[] {headerLength, length};
    }

    private static byte[] tlv(int tag, byte[]... parts) {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            content.writeBytes(p);
        }
        int length = content.size();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        if (length < 0x80) {
            out.write(length);
        } else if (length < 0x100) {
            out.write(0x81);
            out.write(length);
        } else {
            out.write(0x82);
            out.write(length >> 8);
            out.write(length & 0xFF);
        }
        out.writeBytes(content.toByteArray());
        return out.toByteArray();
    }

    /** {@code v} big-endian in exactly {@code n} bytes (ECPrivateKey's fixed-length scalar). */
    private static byte[] fixed(BigInteger v, int n) {
        byte[] raw = v.toByteArray();
        byte[] out = new byte[n];
        int copy = Math.min(raw.length, n);
        System.arraycopy(raw, raw.length - copy, out, n - copy, copy);
        return out;
    }

    /** Whether {@code haystack} holds the content of the DER element {@code tlv}. */
    private static boolean contains(byte[] haystack, byte[] tlv, int headerLength) {
        int n = tlv.length - headerLength;
        for (int i = 0; i + n <= haystack.length; i++) {
            if (Arrays.equals(haystack, i, i + n, tlv, headerLength, tlv.length)) {
                return true;
            }
        }
        return false;
    }
}
