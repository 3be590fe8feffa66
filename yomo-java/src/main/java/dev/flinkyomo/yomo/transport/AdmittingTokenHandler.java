package dev.flinkyomo.yomo.transport;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.quic.QuicTokenHandler;

import java.net.InetSocketAddress;
import java.util.Optional;

/**
 * The listener's token handler: address validation by {@code tokens}, then the pending-connection
 * limit, both before Netty creates any connection state. An Initial with a valid token while {@code
 * max-pending-connections} places are taken (QUIC handshakes in progress plus connections awaiting
 * their YoMo handshake), or while its address has {@code max-connections-per-address} handshakes in
 * progress ({@link ConnectionAdmission#refusesHandshake}), is dropped, as a full TCP listen backlog
 * drops a SYN: the device's QUIC stack sends its Initial again (after about 1 s, then 2 s later,
 * with the same token), and that copy is admitted once a place is free; or the device's connect
 * times out and it redials with its backoff. The drop is counted as a refusal of that limit and
 * logged with the other refusals (rate-limited).
 *
 * <p>Dropping costs one HMAC; refusing the connection by name, as the listener did before, needed
 * the TLS handshake done first (Netty activates a server connection only then), which a storm of
 * reconnecting devices paid for thousands of times over (see {@link
 * ConnectionAdmission#refusesHandshake} for the measurement).
 */
final class AdmittingTokenHandler implements QuicTokenHandler {

    private final QuicTokenHandler tokens;
    private final ListenerContext context;

    AdmittingTokenHandler(QuicTokenHandler tokens, ListenerContext context) {
        this.tokens = tokens;
        this.context = context;
    }

    @Override
    public boolean writeToken(ByteBuf out, ByteBuf dcid, InetSocketAddress address) {
        return tokens.writeToken(out, dcid, address);
    }

    @Override
    public int validateToken(ByteBuf token, InetSocketAddress address) {
        int offset = tokens.validateToken(token, address);
        if (offset < 0) {
            return offset;
        }
        Optional<Refusal> refusal = context.admission.refusesHandshake(address.getAddress());
        if (refusal.isEmpty()) {
            return offset;
        }
        refusal.get().limit().count(context.metrics);
        context.refusals.log(address, refusal.get());
        return -1;
    }

    @Override
    public int maxTokenLength() {
        return tokens.maxTokenLength();
    }
}
