package dev.flinkyomo.connector.yomo;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketException;

/**
 * A device's fixed address in front of a listener port that changes: forwards the UDP datagrams of
 * one client to the current target and the answers back. A QUIC client keeps dialling the address
 * it was configured with, so a test moves a live client (its buffer of unacknowledged frames
 * intact) to another listener by {@link #retarget retargeting} its relay, as a load balancer would
 * after a rescale.
 */
public final class UdpRelay implements AutoCloseable {

    private final DatagramSocket front;
    private final DatagramSocket back;
    private volatile InetSocketAddress target;
    private volatile SocketAddress client;

    public UdpRelay(int targetPort) throws SocketException {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        this.front = new DatagramSocket(new InetSocketAddress(loopback, 0));
        this.back = new DatagramSocket(new InetSocketAddress(loopback, 0));
        this.target = new InetSocketAddress(loopback, targetPort);
        pump("relay-in-" + front.getLocalPort(), front, true);
        pump("relay-out-" + front.getLocalPort(), back, false);
    }

    /** The port the client dials. */
    public int port() {
        return front.getLocalPort();
    }

    /** From now on, the client's datagrams go to {@code port}. */
    public void retarget(int port) {
        target = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    }

    private void pump(String name, DatagramSocket from, boolean fromClient) {
        Thread t =
                new Thread(
                        () -> {
                            byte[] buf = new byte[65535];
                            DatagramPacket p = new DatagramPacket(buf, buf.length);
                            while (!from.isClosed()) {
                                try {
                                    p.setLength(buf.length);
                                    from.receive(p);
                                    if (fromClient) {
                                        client = p.getSocketAddress();
                                        back.send(new DatagramPacket(buf, p.getLength(), target));
                                    } else if (client != null
                                            && p.getSocketAddress().equals(target)) {
                                        // answers of a listener the relay has left are dropped
                                        front.send(new DatagramPacket(buf, p.getLength(), client));
                                    }
                                } catch (IOException e) {
                                    // closed, or a datagram the kernel refused: UDP may drop
                                }
                            }
                        },
                        name);
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void close() {
        front.close();
        back.close();
    }
}
