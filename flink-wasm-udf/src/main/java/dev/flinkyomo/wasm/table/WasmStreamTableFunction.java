package dev.flinkyomo.wasm.table;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.catalog.DataTypeFactory;
import org.apache.flink.table.functions.FunctionContext;
import org.apache.flink.table.functions.TableFunction;
import org.apache.flink.table.types.inference.InputTypeStrategies;
import org.apache.flink.table.types.inference.TypeInference;
import org.apache.flink.table.types.inference.TypeStrategies;
import org.apache.flink.types.Row;

import dev.flinkyomo.wasm.config.SqlErrorPolicy;
import dev.flinkyomo.wasm.runtime.WasmModuleSource;
import dev.flinkyomo.wasm.runtime.WasmRuntimeConfig;
import dev.flinkyomo.wasm.runtime.WasmTrapException;
import dev.flinkyomo.wasm.yomo.YomoOutputSink;
import dev.flinkyomo.wasm.yomo.YomoStreamFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * A YoMo stream function as a SQL table function: {@code fn(tag BIGINT, payload BYTES|STRING)}
 * yields one row {@code (tag BIGINT, payload BYTES, target STRING)} per {@code yomo_write}, zero
 * rows for a tag the function does not observe.
 *
 * <pre>{@code
 * SELECT t.tag, CAST(t.payload AS STRING)
 * FROM input, LATERAL TABLE(uppercase(input.tag, input.payload)) AS t
 * }</pre>
 */
@PublicEvolving
public final class WasmStreamTableFunction extends TableFunction<Row> {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(WasmStreamTableFunction.class);

    private transient RowTrapLog trapLog;

    private final WasmModuleSource source;
    private final WasmRuntimeConfig config;
    private final SqlErrorPolicy onError;
    private transient YomoStreamFunction function;

    /** Each write becomes a row (tag, payload, target). */
    private transient YomoOutputSink rowCollector;

    WasmStreamTableFunction(
            WasmModuleSource source, WasmRuntimeConfig config, SqlErrorPolicy onError) {
        this.source = source;
        this.config = config;
        this.onError = onError;
    }

    @Override
    public void open(FunctionContext context) {
        ensureOpen();
    }

    private void ensureOpen() {
        if (function == null) {
            YomoStreamFunction fn = new YomoStreamFunction(source, config, Set.of());
            fn.open();
            function = fn;
            rowCollector = (tag, data, target) -> collect(Row.of(tag, data, target));
        }
    }

    public void eval(Long tag, Object payload) {
        if (tag == null || payload == null) {
            return;
        }
        ensureOpen();
        if (!function.observes(tag)) {
            return;
        }
        byte[] bytes =
                payload instanceof String
                        ? ((String) payload).getBytes(StandardCharsets.UTF_8)
                        : (byte[]) payload;
        try {
            function.process(tag, bytes, rowCollector);
        } catch (WasmTrapException e) {
            if (onError == SqlErrorPolicy.NULL && e.kind() != WasmTrapException.Kind.INTERRUPTED) {
                trapLog().trapped(e);
                return;
            }
            throw e;
        }
    }

    @Override
    public TypeInference getTypeInference(DataTypeFactory typeFactory) {
        return TypeInference.newBuilder()
                .inputTypeStrategy(
                        InputTypeStrategies.sequence(
                                InputTypeStrategies.explicit(DataTypes.BIGINT()),
                                InputTypeStrategies.or(
                                        InputTypeStrategies.explicit(DataTypes.BYTES()),
                                        InputTypeStrategies.explicit(DataTypes.STRING()))))
                .outputTypeStrategy(
                        TypeStrategies.explicit(
                                DataTypes.ROW(
                                        DataTypes.FIELD("tag", DataTypes.BIGINT()),
                                        DataTypes.FIELD("payload", DataTypes.BYTES()),
                                        DataTypes.FIELD("target", DataTypes.STRING()))))
                .build();
    }

    @Override
    public void close() {
        if (function != null) {
            function.close();
            function = null;
        }
    }

    private RowTrapLog trapLog() {
        if (trapLog == null) {
            trapLog =
                    new RowTrapLog(LOG, "Wasm stream function " + source.name() + " skipped a row");
        }
        return trapLog;
    }
}
