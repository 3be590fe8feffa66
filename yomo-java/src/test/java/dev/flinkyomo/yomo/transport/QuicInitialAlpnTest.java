package dev.flinkyomo.yomo.transport;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicClientCodecBuilder;
import io.netty.handler.codec.quic.QuicSslContextBuilder;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reads the offered ALPN from Initial packets that Netty's QUIC client (BoringSSL) really sends.
 */
class QuicInitialAlpnTest {

    private static byte[] initial;

    /**
     * Captures the first datagram of a handshake offering "h3" and "hq-interop" on a bare UDP
     * socket.
     */
    @BeforeAll
    static void captureARealInitial() throws Exception {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try (DatagramSocket server = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            server.setSoTimeout(5_000);
            Channel datagram =
                    new Bootstrap()
                            .group(group)
                            .channel(NioDatagramChannel.class)
                            .handler(
                                    new QuicClientCodecBuilder()
                                            .sslContext(
                                                    QuicSslContextBuilder.forClient()
                                                            .trustManager(
                                                                    InsecureTrustManagerFactory
                                                                            .INSTANCE)
                                                            .applicationProtocols(
                                                                    "h3", "hq-interop")
                                                            .build())
                                            .maxIdleTimeout(5, TimeUnit.SECONDS)
                                            .build())
                            .bind(0)
                            .sync()
                            .channel();
            QuicChannel.newBootstrap(datagram)
                    .handler(new ChannelInboundHandlerAdapter())
                    .streamHandler(new ChannelInboundHandlerAdapter())
                    .remoteAddress(
                            new InetSocketAddress(
                                    InetAddress.getLoopbackAddress(), server.getLocalPort()))
                    .connect();
            DatagramPacket p = new DatagramPacket(new byte[2048], 2048);
            server.receive(p);
            initial = Arrays.copyOf(p.getData(), p.getLength());
            datagram.close().sync();
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS)
                    .awaitUninterruptibly(3, TimeUnit.SECONDS);
        }
    }

    @Test
    void offeredProtocolsAreReadFromTheClientHelloInOrder() {
        assertThat(QuicInitialAlpn.looksLikeInitial(initial[0] & 0xFF)).isTrue();
        assertThat(QuicInitialAlpn.offered(initial)).contains(List.of("h3", "hq-interop"));
    }

    @Test
    void aTamperedPacketFailsAuthenticationAndGivesNothing() {
        byte[] tampered = initial.clone();
        tampered[packetEnd() - 1] ^= 0x01; // in the AEAD tag
        assertThat(QuicInitialAlpn.offered(tampered)).isEmpty();
        tampered = initial.clone();
        tampered[100] ^= 0x01; // in the ciphertext, past the header
        assertThat(QuicInitialAlpn.offered(tampered)).isEmpty();
    }

    @Test
    void aTruncatedPacketGivesNothingUntilItIsWhole() {
        int end = packetEnd();
        assertThat(end).as("a ClientHello is more than a header").isGreaterThan(200);
        for (int len = 0; len < end; len++) {
            assertThat(QuicInitialAlpn.offered(Arrays.copyOf(initial, len)))
                    .as("first %d bytes", len)
                    .isEmpty();
        }
    }

    /** The shortest prefix of the datagram that decodes: the end of its first QUIC packet. */
    private static int packetEnd() {
        for (int len = 1; len <= initial.length; len++) {
            if (QuicInitialAlpn.offered(Arrays.copyOf(initial, len)).isPresent()) {
                return len;
            }
        }
        throw new AssertionError("the captured Initial does not decode");
    }

    @Test
    void otherPacketsAndGarbageGiveNothing() {
        byte[] shortHeader = initial.clone();
        shortHeader[0] = 0x40;
        byte[] otherVersion = initial.clone();
        otherVersion[4] = 0x02;
        byte[] hugeCid = initial.clone();
        hugeCid[5] = (byte) 0xFF;
        assertThat(QuicInitialAlpn.offered(shortHeader)).isEmpty();
        assertThat(QuicInitialAlpn.offered(otherVersion)).isEmpty();
        assertThat(QuicInitialAlpn.offered(hugeCid)).isEmpty();
        Random random = new Random(42);
        for (int i = 0; i < 200; i++) {
            byte[] garbage = new byte[random.nextInt(1500)];
            random.nextBytes(garbage);
            if (garbage.length > 0) {
                garbage[0] = (byte) 0xC0; // claims to be an Initial
            }
            assertThat(QuicInitialAlpn.offered(garbage)).isEmpty();
        }
    }
}
