package dev.flinkyomo.connector.yomo.source;

import org.apache.flink.annotation.Internal;
import org.apache.flink.annotation.PublicEvolving;

import dev.flinkyomo.yomo.transport.ConnectedFunctions;

import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where each listener of a source bound, by listener name and subtask: for ephemeral ports (port 0)
 * in tests and embedded jobs that run in this JVM. On a cluster use the {@code boundAddress} gauge
 * ({@code host:port} of the TaskManager) or the INFO log line "listener-&lt;i&gt; of source ...
 * listens on ... (reachable as ..., TaskManager ...)".
 */
@PublicEvolving
public final class YomoListenerRegistry {

    private static final Map<String, CompletableFuture<InetSocketAddress>> ADDRESSES =
            new ConcurrentHashMap<>();

    /** The stream functions served by each running listener that accepts them. */
    private static final Map<String, ConnectedFunctions> FUNCTIONS = new ConcurrentHashMap<>();

    private YomoListenerRegistry() {}

    /** Completes when the subtask's listener has bound (again, after a restart). */
    public static CompletableFuture<InetSocketAddress> addressOf(
            String listenerName, int subtaskIndex) {
        return ADDRESSES.computeIfAbsent(
                key(listenerName, subtaskIndex), k -> new CompletableFuture<>());
    }

    @Internal
    public static void bound(String listenerName, int subtaskIndex, InetSocketAddress address) {
        ADDRESSES.compute(
                key(listenerName, subtaskIndex),
                (k, f) -> {
                    if (f == null || f.isDone()) {
                        return CompletableFuture.completedFuture(address);
                    }
                    f.complete(address);
                    return f;
                });
    }

    @Internal
    public static void closed(String listenerName, int subtaskIndex, InetSocketAddress address) {
        ADDRESSES.computeIfPresent(
                key(listenerName, subtaskIndex),
                (k, f) -> f.isDone() && address.equals(f.getNow(null)) ? null : f);
    }

    /**
     * The stream functions connected to the subtask's listener in this JVM, or null while no such
     * listener runs here (not yet, restarting, or in another TaskManager).
     */
    @Internal
    public static ConnectedFunctions functionsOf(String listenerName, int subtaskIndex) {
        return FUNCTIONS.get(key(listenerName, subtaskIndex));
    }

    @Internal
    public static void servingFunctions(
            String listenerName, int subtaskIndex, ConnectedFunctions functions) {
        FUNCTIONS.put(key(listenerName, subtaskIndex), functions);
    }

    @Internal
    public static void stoppedServingFunctions(
            String listenerName, int subtaskIndex, ConnectedFunctions functions) {
        FUNCTIONS.remove(key(listenerName, subtaskIndex), functions);
    }

    private static String key(String listenerName, int subtaskIndex) {
        return listenerName + "#" + subtaskIndex;
    }
}
