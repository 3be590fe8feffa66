package dev.flinkyomo.wasm.nn;

import dev.flinkyomo.onnx.LoadedModel;
import dev.flinkyomo.onnx.ModelException;
import dev.flinkyomo.onnx.SessionSettings;
import dev.flinkyomo.onnx.SharedModels;
import dev.flinkyomo.onnx.Tensor;
import dev.flinkyomo.wasm.host.HostMemory;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.function.LongSupplier;

/**
 * WASI-NN for one Wasm instance: its graphs (leases on models {@link SharedModels} loads once per
 * task manager) and execution contexts, in bounded handle tables. Methods take the guest's raw
 * values and throw {@link NnException} with the error code to return; {@link WasiNnImports} does
 * the ABI around them. Used by one thread at a time, as the instance is.
 */
final class WasiNnHost {

    /** witx {@code graph_encoding}: what {@code load} accepts. */
    static final int ENCODING_ONNX = 1;

    static final int ENCODING_AUTODETECT = 5;

    /** witx {@code execution_target} cpu; WasmEdge adds 3, auto (which here is the CPU too). */
    static final int TARGET_CPU = 0;

    static final int TARGET_AUTO = 3;

    private final String module;
    private final NnSettings settings;
    private final LongSupplier remainingCallNanos;
    private final TensorBudget budget;
    private final HandleTable<LoadedModel> graphs;
    private final HandleTable<NnExecution> contexts;

    WasiNnHost(String module, NnSettings settings, LongSupplier remainingCallNanos) {
        this.module = module;
        this.settings = settings;
        this.remainingCallNanos = remainingCallNanos;
        this.budget = new TensorBudget(settings.maxTensorBytes());
        this.graphs = new HandleTable<>("graph", settings.maxGraphs());
        this.contexts = new HandleTable<>("execution context", settings.maxContexts());
    }

    String module() {
        return module;
    }

    int load(HostMemory m, int buildersPtr, int builderCount, int encoding, int target) {
        String where = "load";
        if (encoding != ENCODING_ONNX && encoding != ENCODING_AUTODETECT) {
            throw new NnException(
                    NnErrno.INVALID_ENCODING,
                    where
                            + ": graph encoding "
                            + Integer.toUnsignedString(encoding)
                            + " is not served here; only onnx (1) and autodetect (5) are");
        }
        checkTarget(target, where);
        if (builderCount != 1) {
            throw new NnException(
                    NnErrno.INVALID_ARGUMENT,
                    where
                            + ": an ONNX graph is one builder, got "
                            + Integer.toUnsignedString(builderCount));
        }
        if (!m.contains(buildersPtr, 8)) {
            throw GuestTensorReader.outside(m, where + ": the builder array", buildersPtr, 8);
        }
        int ptr = m.readI32(buildersPtr);
        int len = m.readI32(buildersPtr + 4);
        if (!m.contains(ptr, len)) {
            throw GuestTensorReader.outside(m, where + ": builder 0", ptr, len);
        }
        if (Integer.toUnsignedLong(len) > settings.maxModelBytes()) {
            throw new NnException(
                    NnErrno.TOO_LARGE,
                    where
                            + ": the model has "
                            + Integer.toUnsignedString(len)
                            + " bytes, over wasm.nn.max-model-bytes ("
                            + settings.maxModelBytes()
                            + ")");
        }
        requireGraphSlot(where);
        String name = module + "#load";
        return graphs.add(acquire(name, m.read(ptr, len), true, where));
    }

    int loadByName(HostMemory m, int namePtr, int nameLen) {
        String where = "load_by_name";
        if (!m.contains(namePtr, nameLen)) {
            throw GuestTensorReader.outside(m, where + ": the name", namePtr, nameLen);
        }
        if (Integer.compareUnsigned(nameLen, 1024) > 0) {
            throw new NnException(
                    NnErrno.NOT_FOUND,
                    where
                            + ": a "
                            + Integer.toUnsignedString(nameLen)
                            + "-byte name is no model name");
        }
        String name = new String(m.read(namePtr, nameLen), StandardCharsets.UTF_8);
        requireGraphSlot(where);
        byte[] bytes;
        try {
            bytes = settings.models().read(name);
        } catch (ModelException e) {
            throw new NnException(WasiNnErrors.of(e, false), where + ": " + e.getMessage());
        }
        return graphs.add(acquire(name, bytes, false, where));
    }

    int initExecutionContext(int graph) {
        String where = "init_execution_context";
        LoadedModel model = graphs.get(graph, where);
        if (contexts.full()) {
            contexts.add(null); // throws busy, naming the limit
        }
        return contexts.add(new NnExecution(model, budget));
    }

    void setInput(HostMemory m, int context, int index, int tensorPtr) {
        String where = "set_input";
        NnExecution ctx = contexts.get(context, where);
        LoadedModel model = ctx.model();
        if (index < 0 || index >= model.inputs().size()) {
            throw NnException.noIndex(where, model.name(), model.inputs().size(), "inputs", index);
        }
        String input = where + " of model '" + model.name() + "' input " + index;
        // The old input goes first, even if the new one turns out invalid: a failed set_input
        // leaves the input unset, so no compute runs on stale data.
        ByteBuffer reuse = ctx.takeInput(index);
        ctx.setInput(
                index,
                GuestTensorReader.read(
                        m, tensorPtr, model.inputs().get(index), budget, input, reuse));
    }

    void compute(int context) {
        String where = "compute";
        contexts.get(context, where).compute(remainingCallNanos.getAsLong(), where);
    }

    /**
     * Copies output {@code index} to the guest and returns its size.
     *
     * @throws NnException {@link NnErrno#TOO_LARGE} when it does not fit in {@code max} bytes; its
     *     {@link TooSmall#needed} says how many it needs
     */
    int getOutput(HostMemory m, int context, int index, int outPtr, int max) {
        String where = "get_output";
        if (!m.contains(outPtr, max)) {
            throw GuestTensorReader.outside(m, where + ": the output buffer", outPtr, max);
        }
        Tensor t = contexts.get(context, where).output(index, where);
        ByteBuffer data = t.data().duplicate().rewind();
        int size = data.remaining();
        if (Integer.toUnsignedLong(size) > Integer.toUnsignedLong(max)) {
            throw new TooSmall(
                    where
                            + ": output "
                            + index
                            + " ("
                            + t
                            + ") needs "
                            + size
                            + " bytes, the buffer has "
                            + Integer.toUnsignedString(max),
                    size);
        }
        m.write(outPtr, data);
        return size;
    }

    /** Gives back every lease and tensor; the instance is going away. */
    void close() {
        contexts.clear(NnExecution::close);
        graphs.clear(LoadedModel::close);
    }

    private void checkTarget(int target, String where) {
        if (target == TARGET_CPU || target == TARGET_AUTO) {
            return;
        }
        throw new NnException(
                target == 1 || target == 2
                        ? NnErrno.UNSUPPORTED_OPERATION
                        : NnErrno.INVALID_ARGUMENT,
                where
                        + ": execution target "
                        + Integer.toUnsignedString(target)
                        + " is not served here; models run on the CPU (0)");
    }

    private void requireGraphSlot(String where) {
        if (graphs.full()) {
            graphs.add(null); // throws busy before a model is read or loaded
        }
    }

    private LoadedModel acquire(String name, byte[] bytes, boolean guestBytes, String where) {
        try {
            return SharedModels.get().acquire(name, bytes, SessionSettings.DEFAULT);
        } catch (ModelException e) {
            throw new NnException(WasiNnErrors.of(e, guestBytes), where + ": " + e.getMessage());
        }
    }

    /** {@code get_output}'s buffer is too small; the guest learns the size it needs. */
    static final class TooSmall extends NnException {
        final int needed;

        TooSmall(String message, int needed) {
            super(NnErrno.TOO_LARGE, message);
            this.needed = needed;
        }
    }
}
