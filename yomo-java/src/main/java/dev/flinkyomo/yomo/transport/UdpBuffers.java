package dev.flinkyomo.yomo.transport;

import io.netty.channel.Channel;
import io.netty.channel.socket.DatagramChannelConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * QUIC over a small UDP receive buffer drops packets under load and then crawls in loss recovery
 * (8-18 s stalls measured; YoMo issue #74). The buffers are requested at about 16 MiB; the kernel
 * caps them at net.core.rmem_max/wmem_max without an error, so the granted size is read back and a
 * shortfall is logged.
 */
final class UdpBuffers {

    private static final Logger LOG = LoggerFactory.getLogger(UdpBuffers.class);

    private UdpBuffers() {}

    /** Reads back the granted sizes; returns false (and logs a WARN) if either is short. */
    static boolean check(Channel channel, int requested, String owner) {
        if (requested <= 0 || !(channel.config() instanceof DatagramChannelConfig)) {
            return true;
        }
        DatagramChannelConfig c = (DatagramChannelConfig) channel.config();
        int rcv = c.getReceiveBufferSize();
        int snd = c.getSendBufferSize();
        // Linux reports twice what it granted, so a report below the request means the cap was hit
        if (rcv < requested || snd < requested) {
            LOG.warn(
                    "{}: UDP buffers granted SO_RCVBUF={} / SO_SNDBUF={} bytes, requested {}; QUIC"
                            + " may drop packets and stall under load. Raise the kernel limits, e.g."
                            + " sysctl -w net.core.rmem_max={} net.core.wmem_max={}",
                    owner,
                    rcv,
                    snd,
                    requested,
                    requested,
                    requested);
            return false;
        }
        LOG.debug("{}: UDP buffers SO_RCVBUF={} SO_SNDBUF={}", owner, rcv, snd);
        return true;
    }
}
