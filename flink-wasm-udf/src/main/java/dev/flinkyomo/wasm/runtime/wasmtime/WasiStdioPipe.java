package dev.flinkyomo.wasm.runtime.wasmtime;

import dev.flinkyomo.wasm.runtime.GuestLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A named pipe that wasmtime's WASI writes a guest's stdout or stderr into, drained by a daemon
 * thread into a {@link GuestLog} (line-cut and rate-limited). wasmtime-java 0.19.0 can only
 * redirect WASI stdio to a path; a pipe, unlike a file, keeps nothing on disk and cannot grow.
 *
 * <p>Order matters: opening a FIFO blocks until both ends are open, so the reader thread starts
 * first and wasmtime opens the writing end when it builds the WASI context.
 */
final class WasiStdioPipe implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WasiStdioPipe.class);

    private final Path dir;
    private final Path fifo;
    private final Thread drainer;
    private volatile boolean connected;

    private WasiStdioPipe(Path dir, Path fifo, GuestLog sink, String threadName) {
        this.dir = dir;
        this.fifo = fifo;
        this.drainer = new Thread(() -> drain(sink), threadName);
        drainer.setDaemon(true);
        drainer.start();
    }

    /** A pipe into {@code sink}, or null (stdio then discarded) if the platform cannot make one. */
    /**
     * The JDK starts a "process reaper" thread for the first process, and it inherits the starting
     * thread's context class loader: started from a task thread, it kept that job's user-code class
     * loader alive after the job (WasmJobResubmissionITCase found it). Starting with none avoids
     * it.
     */
    private static Process startWithoutContextClassLoader(String... command) throws IOException {
        Thread current = Thread.currentThread();
        ClassLoader saved = current.getContextClassLoader();
        current.setContextClassLoader(null);
        try {
            return new ProcessBuilder(command).redirectErrorStream(true).start();
        } finally {
            current.setContextClassLoader(saved);
        }
    }

    static WasiStdioPipe open(String moduleName, String stream, GuestLog sink) {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("flink-wasm-stdio-");
            Path fifo = dir.resolve(stream);
            Process mkfifo = startWithoutContextClassLoader("mkfifo", "-m", "600", fifo.toString());
            if (!mkfifo.waitFor(10, TimeUnit.SECONDS) || mkfifo.exitValue() != 0) {
                throw new IOException(
                        "mkfifo failed: "
                                + new String(mkfifo.getInputStream().readAllBytes()).trim());
            }
            return new WasiStdioPipe(dir, fifo, sink, "wasm-" + stream + "-" + moduleName);
        } catch (IOException e) {
            LOG.warn(
                    "Wasm module '{}': guest {} is discarded (no named pipe: {})",
                    moduleName,
                    stream,
                    e.getMessage());
            deleteQuietly(dir);
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            deleteQuietly(dir);
            return null;
        }
    }

    /** The path to hand to wasmtime's {@code WasiCtxBuilder}. */
    Path path() {
        return fifo;
    }

    private void drain(GuestLog sink) {
        byte[] buf = new byte[8192];
        try (InputStream in = Files.newInputStream(fifo)) {
            connected = true;
            deleteQuietly(fifo); // both ends are open: the name is no longer needed
            deleteQuietly(dir);
            for (int n; (n = in.read(buf)) >= 0; ) {
                sink.write(buf, 0, n);
            }
        } catch (IOException e) {
            LOG.debug("guest stdio pipe {} closed: {}", fifo, e.toString());
        } finally {
            sink.flush();
        }
    }

    /**
     * Call after wasmtime has closed its end (store disposed): the drainer sees end-of-file. If
     * wasmtime never opened the pipe, a writer is opened here to release the waiting reader.
     */
    @Override
    public void close() {
        if (!connected) {
            try (OutputStream release = new FileOutputStream(fifo.toFile())) {
                release.flush();
            } catch (IOException e) {
                LOG.debug("could not release guest stdio pipe {}: {}", fifo, e.toString());
            }
        }
        try {
            drainer.join(TimeUnit.SECONDS.toMillis(2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        deleteQuietly(fifo);
        deleteQuietly(dir);
    }

    private static void deleteQuietly(Path p) {
        if (p != null) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // a leftover empty temp entry is harmless
            }
        }
    }
}
