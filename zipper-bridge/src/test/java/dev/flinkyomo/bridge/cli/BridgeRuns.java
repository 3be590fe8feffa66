package dev.flinkyomo.bridge.cli;

import dev.flinkyomo.yomo.protocol.ClientType;
import dev.flinkyomo.yomo.transport.ClientOptions;
import dev.flinkyomo.yomo.transport.TlsOptions;
import dev.flinkyomo.yomo.transport.YomoClient;
import dev.flinkyomo.yomo.transport.YomoClientListener;

import java.io.IOException;
import java.net.DatagramSocket;
import java.util.concurrent.CompletableFuture;

/** What the end-to-end {@code run} tests share: a port, the command on another thread, a source. */
final class BridgeRuns {

    private BridgeRuns() {}

    static int freeUdpPort() throws IOException {
        try (DatagramSocket probe = new DatagramSocket(0)) {
            return probe.getLocalPort();
        }
    }

    /** {@code zipper-bridge run --duration <duration> --rest-port 0 <config>} on another thread. */
    static CompletableFuture<CliTest.Run> runFor(String duration, String config) {
        return CompletableFuture.supplyAsync(
                () -> CliTest.run("run", "--duration", duration, "--rest-port", "0", config));
    }

    /** A YoMo source for the bridge's port, not started; {@code credential} may be null. */
    static YomoClient source(int port, String credential) {
        return new YomoClient(
                ClientOptions.builder("127.0.0.1", port, "it-source", ClientType.SOURCE)
                        .credential(credential)
                        .tls(TlsOptions.INSECURE_DEFAULT)
                        .udpBufferSize(0)
                        .build(),
                YomoClientListener.NO_OP);
    }
}
