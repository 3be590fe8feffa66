package dev.flinkyomo.benchmarks.connector.devices;

import dev.flinkyomo.yomo.protocol.YomoProtocol;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.handler.codec.quic.QuicClientCodecBuilder;
import io.netty.handler.codec.quic.QuicSslContext;
import io.netty.handler.codec.quic.QuicSslContextBuilder;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.netty.util.concurrent.DefaultThreadFactory;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Many YoMo source devices in one process: a few event-loop threads, and one UDP socket per {@code
 * devicesPerSocket} devices, each socket bound to its own loopback address (127.0.0.2, .3, ...).
 *
 * <p>Why shared sockets: Netty's QUIC client codec demultiplexes by connection ID, so any number of
 * {@code QuicChannel}s can be bootstrapped on one datagram channel ({@code
 * QuicChannel.newBootstrap(socket)}) and share its event loop. The transport's {@code YomoClient}
 * gives every client its own thread and socket, which for 10,000 devices would be 10,000 threads:
 * the sender, not the listener, would be measured.
 *
 * <p>Why several addresses: the listener caps connections per source IP ({@code
 * max-connections-per-address}, 128 by default) as a protection against one host taking all places;
 * devices behind one NAT look like one address. Spreading the fleet over loopback addresses (all of
 * 127.0.0.0/8 is local on Linux) keeps that protection on at its default instead of turning it off
 * for the benchmark.
 *
 * <p>Every device writes one frame per second: a ticker per socket runs every 100 ms and ticks the
 * tenth of its devices whose turn it is, so frames are spread evenly over the second.
 */
public final class DeviceFleet implements AutoCloseable {

    /** Per socket: far more than 1 frame/s of 100 devices needs, far less than the 32 MiB cap. */
    private static final int SOCKET_BUFFER = 2 * 1024 * 1024;

    private static final int TICKS_PER_SECOND = 10;

    final FleetCounters counters = new FleetCounters();
    private final EventLoopGroup group;
    private final List<Channel> sockets = new ArrayList<>();
    private final List<List<Device>> devicesBySocket = new ArrayList<>();
    private volatile boolean sending;

    /**
     * Binds the sockets and creates the devices; nothing dials before {@link #connect}.
     *
     * @param credential YoMo's {@code name:payload}, e.g. {@code token:secret}
     */
    public DeviceFleet(
            InetSocketAddress listener,
            int devices,
            int devicesPerSocket,
            int threads,
            String credential)
            throws InterruptedException {
        group =
                new MultiThreadIoEventLoopGroup(
                        threads,
                        new DefaultThreadFactory("device-fleet", true),
                        NioIoHandler.newFactory());
        QuicSslContext tls =
                QuicSslContextBuilder.forClient()
                        .trustManager(InsecureTrustManagerFactory.INSTANCE)
                        .applicationProtocols(YomoProtocol.ALPN)
                        .build();
        int socketCount = (devices + devicesPerSocket - 1) / devicesPerSocket;
        if (socketCount > 250) {
            throw new IllegalArgumentException(
                    socketCount + " sockets would need more than 127.0.0.2-127.0.0.251");
        }
        for (int s = 0; s < socketCount; s++) {
            Channel socket = bind(tls, "127.0.0." + (s + 2));
            sockets.add(socket);
            List<Device> onSocket = new ArrayList<>();
            for (int d = s * devicesPerSocket;
                    d < Math.min(devices, (s + 1) * devicesPerSocket);
                    d++) {
                onSocket.add(new Device(d, socket, listener, credential, counters));
            }
            devicesBySocket.add(onSocket);
            socket.eventLoop()
                    .scheduleAtFixedRate(
                            new Ticker(onSocket),
                            0,
                            1000 / TICKS_PER_SECOND,
                            TimeUnit.MILLISECONDS);
        }
    }

    private Channel bind(QuicSslContext tls, String address) throws InterruptedException {
        return new Bootstrap()
                .group(group)
                .channel(NioDatagramChannel.class)
                .option(ChannelOption.SO_RCVBUF, SOCKET_BUFFER)
                .option(ChannelOption.SO_SNDBUF, SOCKET_BUFFER)
                .handler(
                        new QuicClientCodecBuilder()
                                .sslContext(tls)
                                // the listener's own idle timeout (YoMo's 5 s)
                                .maxIdleTimeout(5, TimeUnit.SECONDS)
                                // a device receives two small frames per connection: small
                                // windows keep the sender's memory out of the way
                                .initialMaxData(64 * 1024)
                                .initialMaxStreamDataBidirectionalLocal(32 * 1024)
                                .initialMaxStreamDataBidirectionalRemote(32 * 1024)
                                // DATAGRAM support, as the transport's YomoClient negotiates it:
                                // the listener then keeps idle connections alive with DATAGRAM
                                // pings (QuicKeepAlive)
                                .datagram(8, 8)
                                .build())
                .bind(address, 0)
                .sync()
                .channel();
    }

    /** Dials every device, spread evenly over {@code overMillis} (0: all at once, a storm). */
    public void connect(long overMillis) {
        int total = devices();
        int i = 0;
        for (List<Device> onSocket : devicesBySocket) {
            for (Device d : onSocket) {
                d.start(total <= 1 ? 0 : overMillis * i++ / total);
            }
        }
    }

    public int devices() {
        return devicesBySocket.stream().mapToInt(List::size).sum();
    }

    public int sockets() {
        return sockets.size();
    }

    public int connected() {
        return counters.connected.get();
    }

    /** Devices connected to the listener of the current epoch (see {@link #nextEpoch}). */
    public int connectedThisEpoch() {
        return counters.connectedThisEpoch.get();
    }

    /** Starts or stops the frames (connections stay up either way). */
    public void sending(boolean on) {
        sending = on;
    }

    /** Frames written on connections of the current epoch. */
    public long sentThisEpoch() {
        return counters.sentThisEpoch.sum();
    }

    /** A new listener: counts start afresh (see {@link FleetCounters}). */
    public void nextEpoch() {
        counters.nextEpoch();
    }

    public String describe() {
        return counters.toString();
    }

    @Override
    public void close() {
        for (int s = 0; s < sockets.size(); s++) {
            List<Device> onSocket = devicesBySocket.get(s);
            sockets.get(s).eventLoop().execute(() -> onSocket.forEach(Device::stop));
        }
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
    }

    /** Ticks the devices of one socket whose turn it is. */
    private final class Ticker implements Runnable {
        private final List<Device> devices;
        private int slot;

        Ticker(List<Device> devices) {
            this.devices = devices;
        }

        @Override
        public void run() {
            int now = slot;
            slot = (slot + 1) % TICKS_PER_SECOND;
            if (!sending) {
                return;
            }
            for (int i = now; i < devices.size(); i += TICKS_PER_SECOND) {
                devices.get(i).tick();
            }
        }
    }
}
