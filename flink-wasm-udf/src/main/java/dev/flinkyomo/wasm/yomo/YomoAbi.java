package dev.flinkyomo.wasm.yomo;

import org.apache.flink.annotation.PublicEvolving;

import dev.flinkyomo.wasm.runtime.WasmLoadException;
import dev.flinkyomo.wasm.runtime.WasmModuleInfo;
import dev.flinkyomo.wasm.runtime.WasmSignature;
import dev.flinkyomo.wasm.runtime.WasmValueType;

import java.util.List;

/**
 * The YoMo Wasm host ABI generations, told apart by what the module exports:
 *
 * <ul>
 *   <li>V1 (yomo v1.10 to v1.12): {@code yomo_handler(i32 input_length)}, input pulled with {@code
 *       yomo_load_input}, one output set with {@code yomo_dump_output}; {@code yomo_init()}
 *       registers the tags.
 *   <li>V2 (v1.13 to v1.14): {@code yomo_handler()} with the context imports; {@code yomo_init()}
 *       (no result) registers the tags.
 *   <li>V3 (v1.15 to v1.20.3): tags from {@code yomo_observe_datatags()}, {@code yomo_init() ->
 *       i32} where non-zero fails, optional {@code yomo_wanted_target()}.
 * </ul>
 */
@PublicEvolving
public enum YomoAbi {
    V1,
    V2,
    V3;

    static final String HANDLER = "yomo_handler";
    static final String INIT = "yomo_init";
    static final String OBSERVE = "yomo_observe_datatags";
    static final String WANTED_TARGET = "yomo_wanted_target";

    private static final WasmSignature VOID = new WasmSignature(List.of(), List.of());
    private static final WasmSignature I32_TO_VOID =
            new WasmSignature(List.of(WasmValueType.I32), List.of());
    private static final WasmSignature VOID_TO_I32 =
            new WasmSignature(List.of(), List.of(WasmValueType.I32));

    /** Whether the module looks like a YoMo stream function at all (it exports yomo_handler). */
    public static boolean isStreamFunction(WasmModuleInfo info) {
        return info.exportsFunction(HANDLER);
    }

    public static YomoAbi detect(WasmModuleInfo info) {
        WasmSignature handler = info.exports().get(HANDLER);
        if (handler == null) {
            throw new WasmLoadException(
                    info.moduleName(),
                    "not a YoMo stream function: it exports no "
                            + HANDLER
                            + " (exports: "
                            + info.exports().keySet()
                            + ")");
        }
        WasmSignature init = info.exports().get(INIT);
        YomoAbi abi;
        if (handler.equals(I32_TO_VOID)) {
            abi = V1;
            expect(info, INIT, init, VOID, true);
        } else if (handler.equals(VOID)) {
            if (info.exportsFunction(OBSERVE)) {
                abi = V3;
                expect(info, OBSERVE, info.exports().get(OBSERVE), VOID, true);
                expect(info, INIT, init, VOID_TO_I32, false);
                expect(info, WANTED_TARGET, info.exports().get(WANTED_TARGET), VOID, false);
            } else {
                abi = V2;
                expect(info, INIT, init, VOID, true);
            }
        } else {
            throw new WasmLoadException(
                    info.moduleName(),
                    HANDLER
                            + " has signature "
                            + handler
                            + "; YoMo ABI v1 expects (i32) -> (), v2/v3 expect () -> ()");
        }
        return abi;
    }

    private static void expect(
            WasmModuleInfo info,
            String name,
            WasmSignature actual,
            WasmSignature wanted,
            boolean required) {
        if (actual == null) {
            if (required) {
                throw new WasmLoadException(
                        info.moduleName(),
                        "YoMo stream function without the required export " + name);
            }
            return;
        }
        if (!actual.equals(wanted)) {
            throw new WasmLoadException(
                    info.moduleName(),
                    "export " + name + " has signature " + actual + ", expected " + wanted);
        }
    }
}
