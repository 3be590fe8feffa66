package dev.flinkyomo.wasm.table;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.catalog.DataTypeFactory;
import org.apache.flink.table.functions.FunctionContext;
import org.apache.flink.table.functions.ScalarFunction;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.inference.TypeInference;
import org.apache.flink.table.types.inference.TypeStrategies;

import dev.flinkyomo.wasm.config.SqlErrorPolicy;
import dev.flinkyomo.wasm.runtime.WasmFunction;
import dev.flinkyomo.wasm.runtime.WasmModuleSource;
import dev.flinkyomo.wasm.runtime.WasmRuntimeConfig;
import dev.flinkyomo.wasm.runtime.WasmSignature;
import dev.flinkyomo.wasm.runtime.WasmTrapException;
import dev.flinkyomo.wasm.runtime.WasmValueType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * A Wasm export with a number-only signature as a SQL scalar function: i32 to INT, i64 to BIGINT,
 * f32 to FLOAT, f64 to DOUBLE. A NULL argument gives NULL without calling the guest.
 */
@PublicEvolving
public final class WasmNumericFunction extends ScalarFunction {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(WasmNumericFunction.class);

    private transient RowTrapLog trapLog;

    private final WasmExportCaller caller;
    private final String export;
    private final WasmSignature signature;
    private final SqlErrorPolicy onError;
    private transient WasmFunction function;

    WasmNumericFunction(
            WasmModuleSource source,
            WasmRuntimeConfig config,
            String export,
            WasmSignature signature,
            SqlErrorPolicy onError) {
        if (signature.results().size() != 1) {
            throw new IllegalArgumentException(
                    "export " + export + " " + signature + " must return exactly one value");
        }
        this.caller = new WasmExportCaller(source, config);
        this.export = export;
        this.signature = signature;
        this.onError = onError;
    }

    static DataType sqlType(WasmValueType t) {
        switch (t) {
            case I32:
                return DataTypes.INT();
            case I64:
                return DataTypes.BIGINT();
            case F32:
                return DataTypes.FLOAT();
            default:
                return DataTypes.DOUBLE();
        }
    }

    @Override
    public void open(FunctionContext context) {
        function = caller.function(export);
    }

    public Object eval(Object... args) {
        long[] raw = new long[args.length];
        for (int i = 0; i < args.length; i++) {
            if (args[i] == null) {
                return null;
            }
            raw[i] = signature.params().get(i).toRaw((Number) args[i]);
        }
        if (function == null) {
            function = caller.function(export); // planner-side constant folding may skip open()
        }
        try {
            return signature.results().get(0).fromRaw(function.call(raw)[0]);
        } catch (WasmTrapException e) {
            caller.discard(e);
            function = null;
            if (onError == SqlErrorPolicy.NULL) {
                trapLog().trapped(e);
                return null;
            }
            throw e;
        }
    }

    @Override
    public TypeInference getTypeInference(DataTypeFactory typeFactory) {
        List<DataType> args = new ArrayList<>();
        for (WasmValueType t : signature.params()) {
            args.add(sqlType(t));
        }
        return TypeInference.newBuilder()
                .typedArguments(args)
                .outputTypeStrategy(TypeStrategies.explicit(sqlType(signature.results().get(0))))
                .build();
    }

    @Override
    public void close() {
        caller.close();
    }

    @Override
    public String toString() {
        return export + signature + " from " + caller.source().name();
    }

    private RowTrapLog trapLog() {
        if (trapLog == null) {
            trapLog = new RowTrapLog(LOG, "Wasm function " + export + " returned NULL");
        }
        return trapLog;
    }
}
