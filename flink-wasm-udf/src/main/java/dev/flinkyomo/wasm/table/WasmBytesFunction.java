package dev.flinkyomo.wasm.table;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.catalog.DataTypeFactory;
import org.apache.flink.table.functions.ScalarFunction;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.inference.TypeInference;
import org.apache.flink.table.types.inference.TypeStrategies;

import dev.flinkyomo.wasm.config.SqlErrorPolicy;
import dev.flinkyomo.wasm.runtime.GuestMemory;
import dev.flinkyomo.wasm.runtime.WasmModuleSource;
import dev.flinkyomo.wasm.runtime.WasmRuntimeConfig;
import dev.flinkyomo.wasm.runtime.WasmTrapException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A bytes-in, bytes-out export under the alloc + (ptr, len) convention, as a SQL scalar function.
 *
 * <p>Convention: the guest exports {@code alloc(len: i32) -> ptr: i32} and the function {@code
 * (ptr: i32, len: i32) -> i64} returning {@code (out_ptr << 32) | out_len}. The host calls {@code
 * alloc}, copies the argument in, calls the function and copies the result out. If the guest also
 * exports {@code dealloc(ptr, len)}, the host frees the input and (if at another address) the
 * output afterwards. Exports named {@code str_*} map STRING to STRING (UTF-8), {@code bytes_*} map
 * BYTES to BYTES.
 */
@PublicEvolving
public final class WasmBytesFunction extends ScalarFunction {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(WasmBytesFunction.class);

    private transient RowTrapLog trapLog;

    static final String STRING_PREFIX = "str_";
    static final String BYTES_PREFIX = "bytes_";
    static final String ALLOC = "alloc";
    static final String DEALLOC = "dealloc";

    private final WasmExportCaller caller;
    private final String export;
    private final boolean strings;
    private final SqlErrorPolicy onError;

    WasmBytesFunction(
            WasmModuleSource source,
            WasmRuntimeConfig config,
            String export,
            SqlErrorPolicy onError) {
        this.caller = new WasmExportCaller(source, config);
        this.export = export;
        this.strings = export.startsWith(STRING_PREFIX);
        this.onError = onError;
    }

    public Object eval(Object arg) {
        if (arg == null) {
            return null;
        }
        byte[] in = strings ? ((String) arg).getBytes(StandardCharsets.UTF_8) : (byte[]) arg;
        byte[] out;
        try {
            out = call(in);
        } catch (WasmTrapException e) {
            caller.discard(e);
            if (onError == SqlErrorPolicy.NULL) {
                trapLog().trapped(e);
                return null;
            }
            throw e;
        }
        return strings ? new String(out, StandardCharsets.UTF_8) : out;
    }

    private byte[] call(byte[] in) {
        GuestMemory memory = caller.instance().memory();
        int ptr = (int) caller.function(ALLOC).call(in.length)[0];
        if (!memory.contains(ptr, in.length)) {
            throw bad(
                    "alloc("
                            + in.length
                            + ") returned "
                            + Integer.toUnsignedString(ptr)
                            + ", outside guest memory");
        }
        memory.write(ptr, in);
        long packed = caller.function(export).call(ptr, in.length)[0];
        int outPtr = (int) (packed >>> 32);
        int outLen = (int) packed;
        if (!memory.contains(outPtr, outLen)) {
            throw bad(
                    "result (ptr "
                            + Integer.toUnsignedString(outPtr)
                            + ", len "
                            + Integer.toUnsignedString(outLen)
                            + ") lies outside guest memory");
        }
        byte[] out = memory.read(outPtr, outLen);
        if (caller.exports(DEALLOC)) {
            caller.function(DEALLOC).call(ptr, in.length);
            if (outPtr != ptr) {
                caller.function(DEALLOC).call(outPtr, outLen);
            }
        }
        return out;
    }

    private WasmTrapException bad(String detail) {
        return new WasmTrapException(
                WasmTrapException.Kind.TRAP, caller.source().name(), export, detail, null);
    }

    @Override
    public TypeInference getTypeInference(DataTypeFactory typeFactory) {
        DataType type = strings ? DataTypes.STRING() : DataTypes.BYTES();
        return TypeInference.newBuilder()
                .typedArguments(List.of(type))
                .outputTypeStrategy(TypeStrategies.explicit(type))
                .build();
    }

    @Override
    public void close() {
        caller.close();
    }

    private RowTrapLog trapLog() {
        if (trapLog == null) {
            trapLog = new RowTrapLog(LOG, "Wasm function " + export + " returned NULL");
        }
        return trapLog;
    }
}
