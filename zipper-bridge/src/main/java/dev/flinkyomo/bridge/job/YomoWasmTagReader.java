package dev.flinkyomo.bridge.job;

import dev.flinkyomo.bridge.plan.WasmTagReader;
import dev.flinkyomo.wasm.runtime.WasmModuleSource;
import dev.flinkyomo.wasm.runtime.WasmRuntimeConfig;
import dev.flinkyomo.wasm.yomo.YomoStreamFunction;

import java.nio.file.Path;
import java.util.Set;

/**
 * Reads a module's observed tags the way a YoMo host does: instantiate it with the YoMo imports and
 * run its init sequence ({@code yomo_observe_datatags} or, before ABI v3, {@code yomo_init}).
 */
public final class YomoWasmTagReader implements WasmTagReader {

    @Override
    public Set<Long> observedTags(Path module) {
        YomoStreamFunction f =
                new YomoStreamFunction(
                        WasmModuleSource.fromPath(module), WasmRuntimeConfig.defaults(), Set.of());
        try {
            f.open();
            return Set.copyOf(f.observedTags());
        } finally {
            f.close();
        }
    }
}
