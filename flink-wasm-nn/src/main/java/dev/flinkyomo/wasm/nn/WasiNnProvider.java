package dev.flinkyomo.wasm.nn;

import org.apache.flink.annotation.Internal;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ReadableConfig;

import dev.flinkyomo.wasm.host.HostContext;
import dev.flinkyomo.wasm.host.HostImportProvider;
import dev.flinkyomo.wasm.host.HostImports;
import dev.flinkyomo.wasm.runtime.HostOptions;

import java.util.Set;

/**
 * Serves WASI-NN's {@code wasi_ephemeral_nn} to every Wasm module that imports it, once
 * flink-wasm-nn is on the class path (listed in {@code META-INF/services}).
 */
@Internal
public final class WasiNnProvider implements HostImportProvider {

    @Override
    public Set<String> importModules() {
        return Set.of(WasiNnImports.MODULE);
    }

    @Override
    public Set<ConfigOption<?>> options() {
        return WasiNnOptions.ALL;
    }

    @Override
    public void prepare(ReadableConfig options, HostOptions.Builder shipped) {
        options.getOptional(WasiNnOptions.MODELS)
                .ifPresent(
                        entries ->
                                ModelLocations.read(
                                                entries, options.get(WasiNnOptions.MAX_MODEL_SIZE))
                                        .forEach(
                                                (name, bytes) ->
                                                        shipped.file(
                                                                WasiNnConfig.MODEL_FILE_PREFIX
                                                                        + name,
                                                                bytes)));
    }

    @Override
    public HostImports open(HostContext context) {
        return new WasiNnImports(
                new WasiNnHost(
                        context.moduleName(),
                        NnSettings.of(context.runtimeConfig().hostOptions()),
                        context::remainingCallNanos));
    }
}
