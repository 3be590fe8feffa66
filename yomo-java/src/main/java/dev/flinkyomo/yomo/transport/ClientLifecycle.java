package dev.flinkyomo.yomo.transport;

import dev.flinkyomo.yomo.LogSafe;
import dev.flinkyomo.yomo.transport.YomoClient.State;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;

/**
 * The state of a {@link YomoClient} as a whole (one connection at a time) and what each change
 * means for its users: the first-connect future, the {@link YomoClientListener} callbacks, waking
 * writers, and whether a lost connection is redialled (with {@link ReconnectBackoff}). Changes run
 * on the event loop, except {@link #closed()}; the state is read from any thread.
 */
final class ClientLifecycle {

    /** Logs as YomoClient, the name users know the client by. */
    private static final Logger LOG = LoggerFactory.getLogger(YomoClient.class);

    /**
     * Schedules a redial of the configured zipper; throws RejectedExecutionException once closed.
     */
    interface Redial {
        void after(long delayMillis);
    }

    private final ClientOptions options;
    private final YomoClientListener listener;
    private final WritabilitySignal writability;
    private final ReconnectBackoff backoff;
    private final Runnable onStop;
    private final CompletableFuture<Void> firstConnect = new CompletableFuture<>();
    private volatile State state = State.NEW;
    private volatile CloseReason lastCloseReason;

    /**
     * @param onStop runs when the client stops for good (rejected, refused, closed, or lost without
     *     reconnecting), to wake whoever waits for it
     */
    ClientLifecycle(
            ClientOptions options,
            YomoClientListener listener,
            WritabilitySignal writability,
            Runnable onStop) {
        this.onStop = onStop;
        this.options = options;
        this.listener = listener;
        this.writability = writability;
        this.backoff = new ReconnectBackoff(options.initialBackoff(), options.maxBackoff());
    }

    State state() {
        return state;
    }

    CloseReason lastCloseReason() {
        return lastCloseReason;
    }

    CompletableFuture<Void> firstConnect() {
        return firstConnect;
    }

    /** Rejected or closed: no more dialling. */
    boolean stopped() {
        return state == State.CLOSED || state == State.REJECTED;
    }

    void connecting() {
        state = State.CONNECTING;
    }

    void peerClosed(CloseReason reason) {
        lastCloseReason = reason;
    }

    void writabilityChanged() {
        writability.signal();
    }

    void connected(ClientSession s) {
        s.connected = true;
        s.cancelDeadline();
        state = State.CONNECTED;
        backoff.reset();
        LOG.info(
                "YoMo client {} (id {}) connected to {}",
                LogSafe.quote(options.name()),
                LogSafe.quote(s.id),
                s.endpoint);
        firstConnect.complete(null);
        listener.onConnected(s.endpoint.toString());
        writability.signal();
    }

    void rejected(ClientSession s, String reason) {
        LOG.warn(
                "YoMo client {} rejected by {}: {}",
                LogSafe.quote(options.name()),
                s.endpoint,
                LogSafe.quote(reason, LogSafe.MESSAGE_CHARS));
        stop(s, "rejected", reason, new YomoRejectedException(reason));
    }

    /** The zipper did not grant the acknowledgements this client requires: stop for good. */
    void acknowledgementsRefused(ClientSession s, String reason) {
        LOG.error("YoMo client {}: {}", LogSafe.quote(options.name()), reason);
        stop(s, "acknowledgements required", reason, new AcknowledgementsRefusedException(reason));
    }

    private void stop(ClientSession s, String closeReason, String reason, RuntimeException e) {
        state = State.REJECTED;
        s.cancelDeadline();
        QuicClose.close(s.quic, closeReason);
        firstConnect.completeExceptionally(e);
        listener.onRejected(reason);
        onStop.run();
        writability.signal();
    }

    /** The current session's connection ended: redial after the backoff, unless stopped. */
    void lost(ClientSession s, String reason, Redial redial) {
        if (s.connected) {
            listener.onDisconnected(reason);
        }
        writability.signal();
        if (stopped()) {
            return;
        }
        if (!options.reconnect()) {
            state = State.CLOSED;
            onStop.run();
            firstConnect.completeExceptionally(
                    new IOException("YoMo connection to " + s.endpoint + " ended: " + reason));
            return;
        }
        state = State.CONNECTING;
        long delay = backoff.nextDelayMillis();
        LOG.info(
                "YoMo client {}: connection to {} ended ({}); redialling the configured zipper"
                        + " {}:{} in {} ms",
                LogSafe.quote(options.name()),
                s.endpoint,
                reason,
                options.host(),
                options.port(),
                delay);
        try {
            redial.after(delay);
        } catch (RejectedExecutionException e) {
            state = State.CLOSED; // close() raced with the loss
        }
    }

    /** The user closed the client: from any thread. */
    void closed() {
        state = State.CLOSED;
        onStop.run();
        firstConnect.completeExceptionally(new IOException("client closed"));
    }
}
