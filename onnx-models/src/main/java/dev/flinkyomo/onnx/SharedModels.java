package dev.flinkyomo.onnx;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.flinkyomo.annotation.PublicEvolving;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

/**
 * ONNX Runtime sessions shared by everything in this JVM (a TaskManager): the same model bytes with
 * the same settings are loaded once, however many slots, operator instances or Wasm instances use
 * them, and closed when the last user is done. A model's weights are the large part of its memory
 * (and a session's arena grows with the largest input seen), so per-instance sessions would
 * multiply both by the parallelism; ONNX Runtime's {@code run} is safe to call from many threads.
 */
@PublicEvolving
public final class SharedModels {

    private static final Logger LOG = LoggerFactory.getLogger(SharedModels.class);
    private static final SharedModels INSTANCE = new SharedModels();

    private final Map<String, Entry> entries = new HashMap<>();

    /** The JVM's instance. */
    public static SharedModels get() {
        return INSTANCE;
    }

    /** Number of distinct sessions open now (for tests and metrics). */
    public synchronized int openSessions() {
        return entries.size();
    }

    /**
     * A lease on the session for {@code bytes}, loading it if no one holds it. Close the returned
     * model when done. {@code name} is for messages and need not be unique.
     */
    public LoadedModel acquire(String name, byte[] bytes, SessionSettings settings) {
        String key = digest(bytes) + "/" + settings.intraOpThreads();
        Entry e;
        synchronized (this) {
            e = entries.computeIfAbsent(key, k -> new Entry());
            e.refs++;
        }
        try {
            synchronized (e) {
                if (e.session == null) {
                    e.session = load(name, bytes, settings);
                }
            }
        } catch (RuntimeException failure) {
            release(key, e);
            throw failure;
        }
        return new LoadedModel(name, e.session, () -> release(key, e));
    }

    private void release(String key, Entry e) {
        OrtSession toClose = null;
        synchronized (this) {
            if (--e.refs == 0) {
                entries.remove(key);
                toClose = e.session;
            }
        }
        if (toClose != null) {
            try {
                toClose.close();
            } catch (OrtException ex) {
                LOG.warn("Closing an ONNX Runtime session failed", ex);
            }
        }
    }

    private static OrtSession load(String name, byte[] bytes, SessionSettings settings) {
        long start = System.nanoTime();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(settings.intraOpThreads());
            options.setInterOpNumThreads(1);
            OrtSession session = OrtEnvironment.getEnvironment().createSession(bytes, options);
            LOG.info(
                    "Loaded ONNX model '{}' ({} bytes) in {} ms",
                    name,
                    bytes.length,
                    (System.nanoTime() - start) / 1_000_000);
            return session;
        } catch (OrtException | RuntimeException ex) {
            throw new ModelException(
                    ModelException.Kind.INVALID_MODEL,
                    "model '"
                            + name
                            + "' ("
                            + bytes.length
                            + " bytes) cannot be loaded by ONNX Runtime: "
                            + ex.getMessage(),
                    ex);
        }
    }

    private static String digest(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

    private static final class Entry {
        int refs;
        OrtSession session;
    }
}
