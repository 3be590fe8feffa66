package dev.flinkyomo.wasm.host;

import org.apache.flink.annotation.PublicEvolving;

import java.util.List;
import java.util.Objects;

/**
 * One host function a Wasm module may import: module and name, Wasm signature, and the body.
 * Arguments and results are raw {@code long}s (an {@code i32} in the low 32 bits, floats as IEEE
 * bits). A body that throws traps the guest: the input becomes a dead letter and the instance is
 * rebuilt. Host functions that report errors to the guest should return error codes instead.
 */
@PublicEvolving
public final class HostFunction {

    /** The implementation; called on the task thread, one call at a time per instance. */
    @FunctionalInterface
    public interface Body {
        long[] call(HostMemory memory, long[] args);
    }

    private final String module;
    private final String name;
    private final List<HostValueType> params;
    private final List<HostValueType> results;
    private final Body body;

    public HostFunction(
            String module,
            String name,
            List<HostValueType> params,
            List<HostValueType> results,
            Body body) {
        this.module = Objects.requireNonNull(module, "module");
        this.name = Objects.requireNonNull(name, "name");
        this.params = List.copyOf(params);
        this.results = List.copyOf(results);
        this.body = Objects.requireNonNull(body, "body");
    }

    public String module() {
        return module;
    }

    public String name() {
        return name;
    }

    public List<HostValueType> params() {
        return params;
    }

    public List<HostValueType> results() {
        return results;
    }

    public Body body() {
        return body;
    }

    @Override
    public String toString() {
        return module + "." + name + params + " -> " + results;
    }
}
