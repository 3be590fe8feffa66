package dev.flinkyomo.onnx;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.flinkyomo.annotation.PublicEvolving;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A lease on a shared model: its declared inputs and outputs, and {@link #run}, which checks every
 * tensor against the declaration before ONNX Runtime sees it (so a wrong type, shape or size is an
 * {@link ModelException.Kind#INVALID_ARGUMENT} naming the model and input, never a native error)
 * and stops a run that takes longer than its timeout.
 */
@PublicEvolving
public final class LoadedModel implements AutoCloseable {

    /** Terminates over-long runs; one daemon thread for the JVM, idle unless a run times out. */
    private static final ScheduledExecutorService TIMEOUTS =
            Executors.newSingleThreadScheduledExecutor(
                    r -> {
                        Thread t = new Thread(r, "onnx-run-timeout");
                        t.setDaemon(true);
                        return t;
                    });

    private final String name;
    private final OrtSession session;
    private final List<TensorSpec> inputs;
    private final List<TensorSpec> outputs;
    private final Runnable release;
    private final AtomicBoolean closed = new AtomicBoolean();

    LoadedModel(String name, OrtSession session, Runnable release) {
        this.name = name;
        this.session = session;
        this.release = release;
        try {
            this.inputs = specs(session.getInputInfo());
            this.outputs = specs(session.getOutputInfo());
        } catch (OrtException e) {
            release.run();
            throw new ModelException(
                    ModelException.Kind.INVALID_MODEL,
                    "model '" + name + "': cannot read its inputs and outputs: " + e.getMessage(),
                    e);
        }
    }

    public String name() {
        return name;
    }

    public List<TensorSpec> inputs() {
        return inputs;
    }

    public List<TensorSpec> outputs() {
        return outputs;
    }

    /**
     * Runs the model on {@code in} (one tensor per declared input, in order) and returns every
     * output in order, as little-endian bytes. A direct {@link ByteBuffer} is read in place; a heap
     * one is copied once by ONNX Runtime.
     */
    public Tensor[] run(Tensor[] in, Duration timeout) {
        if (closed.get()) {
            throw new IllegalStateException("model '" + name + "' was closed");
        }
        if (in.length != inputs.size()) {
            throw invalid("it takes " + inputs.size() + " inputs " + inputs + ", got " + in.length);
        }
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        Map<String, OnnxTensor> feed = new LinkedHashMap<>();
        try {
            for (int i = 0; i < in.length; i++) {
                TensorSpec spec = inputs.get(i);
                check(spec, in[i]);
                feed.put(
                        spec.name(),
                        OnnxTensor.createTensor(
                                env, in[i].data(), in[i].shape(), in[i].type().ort()));
            }
            return runBounded(feed, timeout);
        } catch (OrtException e) {
            throw invalid("ONNX Runtime refused the inputs: " + e.getMessage());
        } finally {
            feed.values().forEach(OnnxTensor::close);
        }
    }

    private Tensor[] runBounded(Map<String, OnnxTensor> feed, Duration timeout)
            throws OrtException {
        OrtSession.RunOptions options = new OrtSession.RunOptions();
        Object lock = new Object();
        boolean[] optionsClosed = {false};
        // Set by the timeout task when it stopped the run: the one sure way to tell a timeout from
        // another failure (elapsed time measured here can fall short of the scheduled delay).
        boolean[] terminated = {false};
        ScheduledFuture<?> terminate =
                TIMEOUTS.schedule(
                        () -> {
                            synchronized (lock) {
                                if (!optionsClosed[0]) {
                                    options.setTerminate(true);
                                    terminated[0] = true;
                                }
                            }
                            return null;
                        },
                        timeout.toNanos(),
                        TimeUnit.NANOSECONDS);
        try (OrtSession.Result result = session.run(feed, options)) {
            Tensor[] out = new Tensor[outputs.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = toTensor(result.get(i));
            }
            return out;
        } catch (OrtException e) {
            boolean timedOut;
            synchronized (lock) {
                timedOut = terminated[0];
            }
            throw new ModelException(
                    ModelException.Kind.RUNTIME_ERROR,
                    "model '"
                            + name
                            + "' "
                            + (timedOut
                                    ? "ran longer than its timeout of "
                                            + timeout.toMillis()
                                            + " ms and was stopped"
                                    : "failed: " + e.getMessage()),
                    e);
        } finally {
            terminate.cancel(false);
            synchronized (lock) {
                optionsClosed[0] = true;
                options.close();
            }
        }
    }

    private Tensor toTensor(OnnxValue value) {
        if (!(value instanceof OnnxTensor t)) {
            throw new ModelException(
                    ModelException.Kind.RUNTIME_ERROR,
                    "model '"
                            + name
                            + "' returned a "
                            + value.getType()
                            + ", where only tensors are supported");
        }
        TensorType type = TensorType.of(t.getInfo().type);
        if (type == null) {
            throw new ModelException(
                    ModelException.Kind.RUNTIME_ERROR,
                    "model '"
                            + name
                            + "' returned a tensor of "
                            + t.getInfo().type
                            + ", which has no WASI-NN type");
        }
        ByteBuffer bytes = t.getByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        return new Tensor(type, t.getInfo().getShape(), bytes);
    }

    private void check(TensorSpec spec, Tensor t) {
        if (t == null) {
            throw invalid("input " + spec + " was not set");
        }
        if (t.type() != spec.type()) {
            throw invalid("input " + spec + " is " + spec.type() + ", got " + t);
        }
        if (!spec.accepts(t.shape())) {
            throw invalid("input " + spec + " does not accept the shape of " + t);
        }
        long elements = Tensor.elements(t.shape());
        if (elements < 0 || elements * t.type().elementBytes() != t.data().remaining()) {
            throw invalid(
                    "input "
                            + spec
                            + ": "
                            + t
                            + " needs "
                            + (elements < 0
                                    ? "an impossible number of"
                                    : elements * t.type().elementBytes())
                            + " bytes");
        }
    }

    private ModelException invalid(String why) {
        return new ModelException(
                ModelException.Kind.INVALID_ARGUMENT, "model '" + name + "': " + why);
    }

    private static List<TensorSpec> specs(Map<String, NodeInfo> infos) {
        List<TensorSpec> specs = new ArrayList<>();
        for (NodeInfo n : infos.values()) {
            if (n.getInfo() instanceof TensorInfo ti) {
                specs.add(new TensorSpec(n.getName(), TensorType.of(ti.type), ti.getShape()));
            } else {
                specs.add(new TensorSpec(n.getName(), null, new long[0]));
            }
        }
        return List.copyOf(specs);
    }

    /** Gives the lease back; the session closes when its last lease does. Idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            release.run();
        }
    }
}
