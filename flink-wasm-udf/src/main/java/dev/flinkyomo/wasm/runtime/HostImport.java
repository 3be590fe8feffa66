package dev.flinkyomo.wasm.runtime;

import org.apache.flink.annotation.Internal;

import java.util.Objects;

/** A host function a guest may import, defined once for every engine. */
@Internal
public final class HostImport {

    /**
     * The implementation: raw arguments in, raw results out (empty array for no result). An
     * implementation may return the same array from every call: engines copy the results out before
     * the guest runs on, and an instance is used by one thread at a time.
     */
    @FunctionalInterface
    public interface Call {
        long[] apply(GuestMemory memory, long[] args);
    }

    private final String module;
    private final String name;
    private final WasmSignature signature;
    private final Call call;

    public HostImport(String module, String name, WasmSignature signature, Call call) {
        this.module = Objects.requireNonNull(module);
        this.name = Objects.requireNonNull(name);
        this.signature = Objects.requireNonNull(signature);
        this.call = Objects.requireNonNull(call);
    }

    public String module() {
        return module;
    }

    public String name() {
        return name;
    }

    public WasmSignature signature() {
        return signature;
    }

    public Call call() {
        return call;
    }

    public String qualifiedName() {
        return module + "." + name;
    }
}
