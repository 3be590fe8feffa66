package dev.flinkyomo.yomo.transport;

import dev.flinkyomo.yomo.protocol.ClientType;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.quic.QuicTokenHandler;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The address-validation tokens: only an unaltered, fresh token from the same address passes. */
class HmacQuicTokenHandlerTest {

    private static final byte[] KEY = new byte[32];
    private static final InetSocketAddress CLIENT = address("192.0.2.7", 4433);
    private static final ByteBuf DCID =
            Unpooled.wrappedBuffer(ByteBufUtil.decodeHexDump("0011223344556677"));

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final HmacQuicTokenHandler tokens =
            new HmacQuicTokenHandler(KEY, Duration.ofSeconds(30), now::get);

    @Test
    void validTokenPassesAndPointsAtTheOriginalConnectionId() {
        ByteBuf token = issue();
        assertThat(tokens.check(token, CLIENT)).isEqualTo(HmacQuicTokenHandler.Verdict.VALID);
        int offset = tokens.validateToken(token, CLIENT);
        assertThat(ByteBufUtil.hexDump(token, offset, token.readableBytes() - offset))
                .isEqualTo("0011223344556677");
        assertThat(token.readableBytes()).isLessThanOrEqualTo(tokens.maxTokenLength());
    }

    @Test
    void anyAlteredByteIsRefused() {
        ByteBuf original = issue();
        for (int i = 0; i < original.readableBytes(); i++) {
            ByteBuf t = original.copy();
            t.setByte(i, t.getByte(i) ^ 0x01);
            assertThat(tokens.validateToken(t, CLIENT)).as("byte %d altered", i).isEqualTo(-1);
        }
    }

    @Test
    void tamperedSignatureTimestampAndConnectionIdAreBadSignatures() {
        ByteBuf t = issue();
        t.setLong(1, t.getLong(1) + 1); // a later "issued" to stretch the lifetime
        assertThat(tokens.check(t, CLIENT)).isEqualTo(HmacQuicTokenHandler.Verdict.BAD_SIGNATURE);
        ByteBuf u = issue();
        u.setByte(u.writerIndex() - 1, 0x78); // another original connection ID
        assertThat(tokens.check(u, CLIENT)).isEqualTo(HmacQuicTokenHandler.Verdict.BAD_SIGNATURE);
    }

    @Test
    void tokenFromAnotherAddressIsRefused() {
        ByteBuf t = issue();
        assertThat(tokens.check(t, address("192.0.2.8", 4433)))
                .isEqualTo(HmacQuicTokenHandler.Verdict.OTHER_ADDRESS);
        assertThat(tokens.check(t, address("2001:db8::7", 4433)))
                .isEqualTo(HmacQuicTokenHandler.Verdict.OTHER_ADDRESS);
        // the port is not bound: a NAT may move it between the Retry and the next Initial
        assertThat(tokens.check(t, address("192.0.2.7", 5555)))
                .isEqualTo(HmacQuicTokenHandler.Verdict.VALID);
    }

    @Test
    void expiredTokenIsRefused() {
        ByteBuf t = issue();
        now.addAndGet(TimeUnit.SECONDS.toNanos(30));
        assertThat(tokens.check(t, CLIENT)).isEqualTo(HmacQuicTokenHandler.Verdict.VALID);
        now.addAndGet(1);
        assertThat(tokens.check(t, CLIENT)).isEqualTo(HmacQuicTokenHandler.Verdict.EXPIRED);
    }

    @Test
    void tokenOfAnotherListenerIsRefused() {
        HmacQuicTokenHandler other =
                new HmacQuicTokenHandler(new byte[] {1, 2, 3}, Duration.ofSeconds(30), now::get);
        assertThat(other.check(issue(), CLIENT))
                .isEqualTo(HmacQuicTokenHandler.Verdict.BAD_SIGNATURE);
    }

    @Test
    void truncatedOrForeignTokensAreMalformed() {
        assertThat(tokens.check(Unpooled.EMPTY_BUFFER, CLIENT))
                .isEqualTo(HmacQuicTokenHandler.Verdict.MALFORMED);
        ByteBuf t = issue();
        assertThat(tokens.check(t.slice(0, 20), CLIENT))
                .isEqualTo(HmacQuicTokenHandler.Verdict.MALFORMED);
        ByteBuf netty = Unpooled.copiedBuffer("netty", java.nio.charset.StandardCharsets.US_ASCII);
        assertThat(tokens.check(netty, CLIENT)).isEqualTo(HmacQuicTokenHandler.Verdict.MALFORMED);
    }

    /**
     * The Retry round trip over loopback with quiche: a client's first Initial gets a Retry with a
     * token, its second Initial echoes it, the token passes, and the session delivers.
     */
    @Test
    void clientConnectsThroughTheRetry() throws Exception {
        Recording recording =
                new Recording(
                        new HmacQuicTokenHandler(ListenerOptions.DEFAULT_RETRY_TOKEN_LIFETIME));
        BoundedFrameQueue<InboundFrame> queue = new BoundedFrameQueue<>(100);
        ListenerOptions options =
                ListenerOptions.builder()
                        .name("retry-listener")
                        .host("127.0.0.1")
                        .port(0)
                        .tls(TlsOptions.INSECURE_DEFAULT)
                        .build();
        try (YomoListener listener =
                new YomoListener(options, queue, ListenerMetrics.NO_OP, recording)) {
            InetSocketAddress address = listener.start();
            ClientOptions o =
                    ClientOptions.builder("127.0.0.1", address.getPort(), "c", ClientType.SOURCE)
                            .tls(TlsOptions.INSECURE_DEFAULT)
                            .udpBufferSize(0)
                            .build();
            try (YomoClient client = new YomoClient(o, YomoClientListener.NO_OP)) {
                client.start().get(10, TimeUnit.SECONDS);
            }
        }
        assertThat(recording.written.get()).as("Retry tokens sent").isPositive();
        assertThat(recording.accepted.get()).as("tokens echoed and accepted").isPositive();
        assertThat(recording.refused.get()).isZero();
    }

    @Test
    void listenerOptionSetsTheLifetime() throws Exception {
        ListenerOptions options =
                ListenerOptions.builder().retryTokenLifetime(Duration.ofMillis(1)).build();
        assertThat(options.retryTokenLifetime()).isEqualTo(Duration.ofMillis(1));
        assertThat(ListenerOptions.builder().build().retryTokenLifetime())
                .isEqualTo(Duration.ofSeconds(HmacQuicTokenHandler.LIFETIME_SECONDS));
        HmacQuicTokenHandler shortLived = new HmacQuicTokenHandler(options.retryTokenLifetime());
        ByteBuf t = Unpooled.buffer();
        assertThat(shortLived.writeToken(t, DCID, CLIENT)).isTrue();
        Thread.sleep(5);
        assertThat(shortLived.check(t, CLIENT)).isEqualTo(HmacQuicTokenHandler.Verdict.EXPIRED);
        assertThatThrownBy(() -> ListenerOptions.builder().retryTokenLifetime(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("retry token lifetime");
    }

    private ByteBuf issue() {
        ByteBuf out = Unpooled.buffer();
        assertThat(tokens.writeToken(out, DCID, CLIENT)).isTrue();
        return out;
    }

    private static InetSocketAddress address(String ip, int port) {
        try {
            return new InetSocketAddress(InetAddress.getByName(ip), port);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Counts what the listener's token handler did. */
    private static final class Recording implements QuicTokenHandler {
        final QuicTokenHandler delegate;
        final AtomicInteger written = new AtomicInteger();
        final AtomicInteger accepted = new AtomicInteger();
        final AtomicInteger refused = new AtomicInteger();

        Recording(QuicTokenHandler delegate) {
            this.delegate = delegate;
        }

        @Override
        public boolean writeToken(ByteBuf out, ByteBuf dcid, InetSocketAddress address) {
            written.incrementAndGet();
            return delegate.writeToken(out, dcid, address);
        }

        @Override
        public int validateToken(ByteBuf token, InetSocketAddress address) {
            int offset = delegate.validateToken(token, address);
            (offset < 0 ? refused : accepted).incrementAndGet();
            return offset;
        }

        @Override
        public int maxTokenLength() {
            return delegate.maxTokenLength();
        }
    }
}
