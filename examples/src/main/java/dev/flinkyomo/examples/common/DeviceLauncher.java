package dev.flinkyomo.examples.common;

import dev.flinkyomo.connector.yomo.source.YomoListenerRegistry;
import dev.flinkyomo.examples.simulator.SimulatedSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;

/**
 * Starts simulated devices once the Flink job's YoMo listener has bound, each in its own thread, so
 * an example needs no second terminal. Devices dial the bound port (loopback when the listener
 * binds a wildcard address).
 */
public final class DeviceLauncher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DeviceLauncher.class);

    private final String listenerName;
    private final Duration bindTimeout;
    private final List<SimulatedSource> devices = new ArrayList<>();
    private final List<CompletableFuture<Long>> results = new ArrayList<>();
    private final List<String> names = new ArrayList<>();

    public DeviceLauncher(String listenerName, Duration bindTimeout) {
        this.listenerName = listenerName;
        this.bindTimeout = bindTimeout;
    }

    /**
     * Launches a device in the background. {@code device} gets the address to dial and the time
     * left until {@code sendUntilNanos} (a {@link System#nanoTime()} deadline) and builds the
     * source.
     */
    public synchronized void launch(
            String name,
            long sendUntilNanos,
            BiFunction<InetSocketAddress, Duration, SimulatedSource> device) {
        CompletableFuture<Long> result = new CompletableFuture<>();
        results.add(result);
        names.add(name);
        Thread t =
                new Thread(
                        () -> {
                            try {
                                InetSocketAddress bound =
                                        YomoListenerRegistry.addressOf(listenerName, 0)
                                                .get(bindTimeout.toMillis(), TimeUnit.MILLISECONDS);
                                InetSocketAddress dial =
                                        bound.getAddress().isAnyLocalAddress()
                                                ? new InetSocketAddress(
                                                        "127.0.0.1", bound.getPort())
                                                : bound;
                                Duration left =
                                        Duration.ofNanos(sendUntilNanos - System.nanoTime());
                                if (left.compareTo(Duration.ofSeconds(1)) < 0) {
                                    throw new IllegalStateException(
                                            "the job took too long to start its YoMo listener to leave time"
                                                    + " for sending; run with a longer --duration");
                                }
                                LOG.info(
                                        "{}: sending to {} for {} ms", name, dial, left.toMillis());
                                SimulatedSource source = register(device.apply(dial, left));
                                result.complete(source.run());
                            } catch (TimeoutException e) {
                                result.completeExceptionally(
                                        new IllegalStateException(
                                                "YoMo listener '"
                                                        + listenerName
                                                        + "' did not bind within "
                                                        + bindTimeout.toSeconds()
                                                        + " s; is the job running?",
                                                e));
                            } catch (Throwable e) {
                                result.completeExceptionally(e);
                            }
                        },
                        "device-" + name);
        t.setDaemon(true);
        t.start();
    }

    private synchronized SimulatedSource register(SimulatedSource source) {
        devices.add(source);
        return source;
    }

    /**
     * Frames each device sent, in launch order; the first device failure as an IOException naming
     * it.
     */
    public List<Long> await(Duration timeout) throws IOException, InterruptedException {
        List<Long> sent = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        List<CompletableFuture<Long>> all = snapshot();
        for (int i = 0; i < all.size(); i++) {
            try {
                sent.add(
                        all.get(i)
                                .get(
                                        Math.max(0, deadline - System.nanoTime()),
                                        TimeUnit.NANOSECONDS));
            } catch (ExecutionException e) {
                throw new IOException(
                        "device '" + names.get(i) + "' failed: " + e.getCause().getMessage(),
                        e.getCause());
            } catch (TimeoutException e) {
                throw new IOException(
                        "device '"
                                + names.get(i)
                                + "' did not finish within "
                                + timeout.toSeconds()
                                + " s",
                        e);
            }
        }
        return sent;
    }

    private synchronized List<CompletableFuture<Long>> snapshot() {
        return List.copyOf(results);
    }

    /** Stops devices that are still sending. */
    @Override
    public synchronized void close() {
        for (SimulatedSource d : devices) {
            d.stop();
        }
        LOG.debug("stopped {} devices", devices.size());
    }
}
