package dev.flinkyomo.wasm.runtime;

import org.apache.flink.annotation.Internal;

import java.io.Serializable;
import java.util.List;
import java.util.stream.Collectors;

/** Parameter and result types of a Wasm function. */
@Internal
public final class WasmSignature implements Serializable {

    private static final long serialVersionUID = 1L;

    private final List<WasmValueType> params;
    private final List<WasmValueType> results;

    public WasmSignature(List<WasmValueType> params, List<WasmValueType> results) {
        this.params = List.copyOf(params);
        this.results = List.copyOf(results);
    }

    public static WasmSignature of(List<WasmValueType> params, WasmValueType... results) {
        return new WasmSignature(params, List.of(results));
    }

    public List<WasmValueType> params() {
        return params;
    }

    public List<WasmValueType> results() {
        return results;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WasmSignature
                && params.equals(((WasmSignature) o).params)
                && results.equals(((WasmSignature) o).results);
    }

    @Override
    public int hashCode() {
        return params.hashCode() * 31 + results.hashCode();
    }

    /** Wasm text notation, e.g. {@code (i32, i32) -> i64}. */
    @Override
    public String toString() {
        String in = params.stream().map(WasmValueType::wasmName).collect(Collectors.joining(", "));
        String out =
                results.stream().map(WasmValueType::wasmName).collect(Collectors.joining(", "));
        return "(" + in + ") -> " + (results.size() == 1 ? out : "(" + out + ")");
    }
}
