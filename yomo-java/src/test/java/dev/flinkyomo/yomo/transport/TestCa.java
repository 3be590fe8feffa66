package dev.flinkyomo.yomo.transport;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemObject;

import java.io.IOException;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A certificate authority made at test time, issuing ECDSA P-256 server certificates with chosen
 * subject alternative names, written as PEM files the way {@link TlsOptions} reads them.
 */
final class TestCa {

    private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

    private final Path dir;
    private final String name;
    private final KeyPair keys;
    private final X509CertificateHolder cert;
    private final Path certFile;

    TestCa(Path dir, String name) throws Exception {
        this.dir = dir;
        this.name = name;
        this.keys = ecKeys();
        X500Name subject = new X500Name("CN=" + name);
        JcaX509v3CertificateBuilder b =
                new JcaX509v3CertificateBuilder(
                        subject, serial(), notBefore(), notAfter(), subject, keys.getPublic());
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        b.addExtension(
                Extension.keyUsage,
                true,
                new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature));
        this.cert = sign(b);
        this.certFile = writePem(dir.resolve(name + "-ca.pem"), cert);
    }

    /** The CA certificate as a PEM file, for {@link TlsOptions#caFile()}. */
    Path certFile() {
        return certFile;
    }

    /**
     * A server certificate signed by this CA for the given names: DNS names, or IP literals (those
     * become iPAddress entries). Returns {cert file, key file}.
     */
    Path[] issueServer(String cn, String... sans) throws Exception {
        KeyPair serverKeys = ecKeys();
        JcaX509v3CertificateBuilder b =
                new JcaX509v3CertificateBuilder(
                        cert.getSubject(),
                        serial(),
                        notBefore(),
                        notAfter(),
                        new X500Name("CN=" + cn),
                        serverKeys.getPublic());
        List<GeneralName> names = new ArrayList<>();
        for (String san : sans) {
            boolean ip = Character.isDigit(san.charAt(0)) || san.contains(":");
            names.add(
                    ip
                            ? new GeneralName(GeneralName.iPAddress, san)
                            : new GeneralName(GeneralName.dNSName, san));
        }
        b.addExtension(
                Extension.subjectAlternativeName,
                false,
                new GeneralNames(names.toArray(new GeneralName[0])));
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        String base = name + "-" + cn + "-" + SERIAL.incrementAndGet();
        Path certPem = writePem(dir.resolve(base + ".pem"), sign(b));
        Path keyPem = writePem(dir.resolve(base + "-key.pem"), serverKeys.getPrivate());
        return new Path[] {certPem, keyPem};
    }

    private X509CertificateHolder sign(JcaX509v3CertificateBuilder b) throws Exception {
        return b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate()));
    }

    private static KeyPair ecKeys() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    private static BigInteger serial() {
        return BigInteger.valueOf(SERIAL.incrementAndGet());
    }

    private static Date notBefore() {
        return Date.from(Instant.now().minus(Duration.ofHours(1)));
    }

    private static Date notAfter() {
        return Date.from(Instant.now().plus(Duration.ofDays(1)));
    }

    /** Keys as PKCS#8 "PRIVATE KEY", the form Netty reads without BouncyCastle. */
    private static Path writePem(Path file, Object o) throws IOException {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.US_ASCII);
                JcaPEMWriter pem = new JcaPEMWriter(w)) {
            pem.writeObject(
                    o instanceof PrivateKey k ? new PemObject("PRIVATE KEY", k.getEncoded()) : o);
        }
        return file;
    }
}
