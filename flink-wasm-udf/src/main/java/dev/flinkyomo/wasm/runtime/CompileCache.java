package dev.flinkyomo.wasm.runtime;

import org.apache.flink.annotation.Internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Compiled modules per key, each compiled once on a thread of its own while the loading thread (a
 * Flink task thread) waits at most the compile timeout. A hostile module can take minutes to
 * compile (Chicory turns every Wasm function into JVM bytecode; see {@code CompileTimeoutTest});
 * the task thread must not hang there, where it would not answer cancellation.
 *
 * <p>Over the timeout the load fails with a {@link WasmLoadException} naming the limit, and the
 * compile thread is interrupted and abandoned: neither Chicory's compiler nor wasmtime's {@code
 * Module.fromBinary} (native) looks at interrupts, so it runs to its end as a daemon thread and
 * then ends; its result is discarded, never cached. Until it ends, loads of the same module fail at
 * once with the same error instead of starting a second compile, so restarts of a job cannot pile
 * up compile threads. Once it has ended, the next load compiles afresh (the timeout may have been a
 * transient overload).
 *
 * <p>The cache lives as long as this class's class loader: the task manager's JVM when the jar is
 * in Flink's {@code lib/}, else the job's user-code class loader, which a task manager keeps across
 * restarts and failovers of that job while the job holds slots there. So several slots or instances
 * of one module, and a restart in the same task manager, compile it once.
 *
 * <p>It is bounded: when a new key would make it hold more than {@code maxEntries}, the finished
 * entry used least recently (by {@link #get}) is evicted, and discarded. A compile still running is
 * never evicted, so the bound can be exceeded while more than {@code maxEntries} modules compile at
 * once. An evicted module is compiled again by its next load; instances made from it keep working.
 */
@Internal
public final class CompileCache<T> {

    /**
     * Modules each of the Chicory caches keeps. Sixteen different modules in one task manager is
     * already many jobs' worth; a parsed module holds about 40 MB of heap per MB of module, so the
     * bound mostly guards against a stream of different user modules growing the heap forever.
     */
    public static final int DEFAULT_MAX_ENTRIES = 16;

    /** Prefix of compile thread names; tests count live threads by it. */
    public static final String THREAD_PREFIX = "flink-wasm-compile-";

    private final String what;
    private final Consumer<T> discard;
    private final int maxEntries;
    private final Map<String, CompletableFuture<T>> entries = new ConcurrentHashMap<>();
    private final Map<String, Long> lastUse = new ConcurrentHashMap<>();
    private final AtomicLong clock = new AtomicLong();
    private final AtomicInteger running = new AtomicInteger();

    /**
     * @param what for messages, e.g. "compiling it with Chicory"
     * @param discard frees a result nobody will use (abandoned, evicted or cleared), e.g. a native
     *     module
     * @param maxEntries entries kept before the least recently used finished one is evicted
     */
    public CompileCache(String what, Consumer<T> discard, int maxEntries) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be positive: " + maxEntries);
        }
        this.what = what;
        this.discard = discard;
        this.maxEntries = maxEntries;
    }

    /**
     * The cached result for {@code key}, or {@code compile}'s, computed on a compile thread and
     * waited for until {@code timeout} after {@code loadStartNanos} (a load's parse and compile
     * share one timeout). Exceptions of {@code compile} are rethrown as they are (not cached).
     */
    public T get(
            String key,
            String moduleName,
            Duration timeout,
            long loadStartNanos,
            Supplier<T> compile) {
        lastUse.put(key, clock.incrementAndGet());
        CompletableFuture<T> future = entries.get(key);
        if (future == null) {
            CompletableFuture<T> mine = new CompletableFuture<>();
            future = entries.putIfAbsent(key, mine);
            if (future == null) {
                future = mine;
                evictOverBound(key);
                start(key, moduleName, mine, compile);
            }
        }
        try {
            long left = loadStartNanos + timeout.toNanos() - System.nanoTime();
            return future.get(Math.max(left, 0), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            future.completeExceptionally(
                    new WasmLoadException(
                            moduleName,
                            what
                                    + " took longer than the compile timeout of "
                                    + timeout.toMillis()
                                    + " ms (wasm.compile-timeout); the compile thread was"
                                    + " interrupted and left to finish on its own"));
            return unwrap(future);
        } catch (ExecutionException e) {
            throw rethrow(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WasmLoadException(
                    moduleName, "interrupted while waiting for its compilation", e);
        }
    }

    private void start(
            String key, String moduleName, CompletableFuture<T> future, Supplier<T> compile) {
        Thread thread =
                new Thread(
                        () -> {
                            try {
                                T result = compile.get();
                                if (!future.complete(result)) {
                                    discard.accept(result); // timed out meanwhile
                                }
                            } catch (Throwable t) {
                                future.completeExceptionally(t);
                            } finally {
                                if (future.isCompletedExceptionally()
                                        && entries.remove(key, future)) {
                                    lastUse.remove(key);
                                }
                                running.decrementAndGet();
                            }
                        },
                        THREAD_PREFIX + moduleName);
        thread.setDaemon(true);
        // Not the loading task's context class loader: an abandoned compile would pin it.
        thread.setContextClassLoader(CompileCache.class.getClassLoader());
        future.whenComplete(
                (r, t) -> {
                    if (t != null) {
                        thread.interrupt(); // not looked at by either compiler, but harmless
                    }
                });
        running.incrementAndGet();
        thread.start();
    }

    /** Evicts least recently used finished entries (never {@code added}) while over the bound. */
    private void evictOverBound(String added) {
        while (entries.size() > maxEntries) {
            String oldest = null;
            long oldestUse = Long.MAX_VALUE;
            for (Map.Entry<String, CompletableFuture<T>> e : entries.entrySet()) {
                long use = lastUse.getOrDefault(e.getKey(), 0L);
                if (!e.getKey().equals(added) && e.getValue().isDone() && use < oldestUse) {
                    oldest = e.getKey();
                    oldestUse = use;
                }
            }
            if (oldest == null) {
                return; // all others still compiling
            }
            CompletableFuture<T> evicted = entries.remove(oldest);
            lastUse.remove(oldest);
            if (evicted != null && !evicted.isCompletedExceptionally()) {
                discard.accept(evicted.join());
            }
        }
    }

    private static <T> T unwrap(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (RuntimeException e) {
            throw rethrow(e.getCause() == null ? e : e.getCause());
        }
    }

    private static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException) {
            return (RuntimeException) t;
        }
        if (t instanceof Error) {
            throw (Error) t;
        }
        return new IllegalStateException(t);
    }

    /** Removes and discards every finished result, e.g. before their engine is disposed. */
    public void clear() {
        List<T> done = new ArrayList<>();
        entries.values()
                .removeIf(
                        f -> {
                            if (f.isDone() && !f.isCompletedExceptionally()) {
                                done.add(f.join());
                                return true;
                            }
                            return false;
                        });
        lastUse.keySet().retainAll(entries.keySet());
        done.forEach(discard);
    }

    /** Compile threads still running, abandoned ones included. */
    public int running() {
        return running.get();
    }

    /** Number of entries, finished or compiling. */
    public int size() {
        return entries.size();
    }
}
