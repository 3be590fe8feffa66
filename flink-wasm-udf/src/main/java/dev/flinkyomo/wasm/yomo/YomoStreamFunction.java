package dev.flinkyomo.wasm.yomo;

import org.apache.flink.annotation.PublicEvolving;

import dev.flinkyomo.wasm.host.HostExtensions;
import dev.flinkyomo.wasm.runtime.HostImport;
import dev.flinkyomo.wasm.runtime.WasmEngine;
import dev.flinkyomo.wasm.runtime.WasmFunction;
import dev.flinkyomo.wasm.runtime.WasmInstance;
import dev.flinkyomo.wasm.runtime.WasmLoadException;
import dev.flinkyomo.wasm.runtime.WasmModuleInfo;
import dev.flinkyomo.wasm.runtime.WasmModuleLimits;
import dev.flinkyomo.wasm.runtime.WasmModuleSource;
import dev.flinkyomo.wasm.runtime.WasmRuntimeConfig;
import dev.flinkyomo.wasm.runtime.WasmTrapException;
import dev.flinkyomo.yomo.Tag;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A YoMo Wasm stream function hosted in the JVM, independent of Flink: one instance, the YoMo host
 * imports, the init sequence of yomo's wazero host and per-frame handling. Not thread-safe.
 *
 * <p>Init: {@code _initialize} (WASI reactors) and {@code _start} (TinyGo's main) if exported, then
 * {@code yomo_observe_datatags}, {@code yomo_wanted_target} and {@code yomo_init} as the ABI
 * requires; a non-zero {@code yomo_init} result is a {@link WasmLoadException}.
 *
 * <p>After a trap the instance is rebuilt (re-initialised) before the trap is rethrown, so the next
 * frame runs on a clean instance.
 */
@PublicEvolving
public final class YomoStreamFunction implements AutoCloseable {

    private static final long[] NO_ARGS = new long[0];

    private final WasmModuleSource source;
    private final WasmRuntimeConfig config;
    private final HttpAllowList httpAllowList;
    private final WasmEngine engine;

    private YomoAbi abi;
    private YomoHostState state;
    private WasmInstance instance;
    private HostExtensions extensions; // imports of other modules (e.g. WASI-NN), per instance
    private WasmFunction handler;
    private long rebuilds;

    /**
     * @param httpAllowed where {@code yomo_http_send} may go: {@code host:port} entries, or bare
     *     hosts (every port; the deprecated {@code wasm.http.allowed-hosts} form)
     */
    public YomoStreamFunction(
            WasmModuleSource source, WasmRuntimeConfig config, Set<String> httpAllowed) {
        this.source = source;
        this.config = config;
        this.httpAllowList = HttpAllowList.of(httpAllowed);
        this.engine = WasmEngine.create(config);
    }

    /** Instantiates and initialises the function. */
    public void open() {
        WasmModuleLimits.checkSize(source, config);
        // Cached and off the task thread: the engine's own inspection below finds it parsed.
        WasmModuleInfo info =
                WasmModuleInfo.inspect(source, config.compileTimeout(), System.nanoTime());
        YomoAbi detected = YomoAbi.detect(info);
        YomoHostState newState = new YomoHostState();
        YomoHttpSender http = new YomoHttpSender(source.name(), httpAllowList);
        HostExtensions newExtensions = HostExtensions.open(info, config);
        List<HostImport> imports = new ArrayList<>(YomoHostFunctions.create(newState, http));
        imports.addAll(newExtensions.imports());
        WasmInstance newInstance;
        try {
            newInstance = engine.instantiate(source, imports);
        } catch (RuntimeException e) {
            newExtensions.close();
            throw e;
        }
        try {
            http.setCallBudget(newInstance::remainingCallNanos);
            newExtensions.bindCallBudget(newInstance::remainingCallNanos);
            if (info.exportsFunction("yomo_alloc")) {
                http.setAllocator(newInstance.function("yomo_alloc"));
            }
            initialise(info, detected, newInstance);
        } catch (RuntimeException e) {
            newInstance.close();
            newExtensions.close();
            throw e;
        }
        this.abi = detected;
        this.extensions = newExtensions;
        this.state = newState;
        this.instance = newInstance;
        this.handler = newInstance.function(YomoAbi.HANDLER);
    }

    private void initialise(WasmModuleInfo info, YomoAbi detected, WasmInstance inst) {
        try {
            callIfExported(info, inst, "_initialize");
            try {
                callIfExported(info, inst, "_start");
            } catch (WasmTrapException e) {
                if (e.kind() != WasmTrapException.Kind.EXIT || e.exitCode() != 0) {
                    throw e;
                }
            }
            if (detected == YomoAbi.V3) {
                inst.function(YomoAbi.OBSERVE).call();
                callIfExported(info, inst, YomoAbi.WANTED_TARGET);
                if (info.exportsFunction(YomoAbi.INIT)) {
                    long rc = inst.function(YomoAbi.INIT).call()[0];
                    if (rc != 0) {
                        throw new WasmLoadException(
                                source.name(),
                                "yomo_init returned " + rc + " (sfn initialization failed)");
                    }
                }
            } else {
                inst.function(YomoAbi.INIT).call();
            }
        } catch (WasmTrapException e) {
            throw new WasmLoadException(
                    source.name(), "initialisation trapped: " + e.getMessage(), e);
        }
    }

    private static void callIfExported(WasmModuleInfo info, WasmInstance inst, String name) {
        if (info.exportsFunction(name)) {
            inst.function(name).call();
        }
    }

    public String moduleName() {
        return source.name();
    }

    public YomoAbi abi() {
        return abi;
    }

    /** The tags registered by the guest, as uint32 values. */
    public Set<Long> observedTags() {
        return state.observedTags();
    }

    public boolean observes(long tag) {
        return state.observes(tag);
    }

    /** The guest's wanted target (ABI v3, {@code yomo_wanted_target}), or null. */
    public String wantedTarget() {
        return state.wantedTarget();
    }

    /** How many times the instance was rebuilt after a trap. */
    public long rebuilds() {
        return rebuilds;
    }

    /**
     * Runs the handler on one frame and hands what it wrote to {@code sink}, in write order, after
     * the handler returned. Returns the number of writes.
     *
     * @throws WasmTrapException if the guest traps or times out (nothing reaches the sink); the
     *     instance is rebuilt first
     */
    public int process(long tag, byte[] payload, YomoOutputSink sink) {
        state.begin(tag, payload);
        try {
            if (abi == YomoAbi.V1) {
                handler.call(payload.length);
            } else {
                handler.call(NO_ARGS);
            }
        } catch (WasmTrapException e) {
            state.abandonCall();
            if (e.kind() != WasmTrapException.Kind.INTERRUPTED) {
                rebuild();
            }
            throw e;
        }
        long refused = state.refusedTag();
        if (refused >= 0) {
            state.abandonCall(); // what else the call wrote goes with its input, as for a trap
            throw new WasmTrapException(
                    WasmTrapException.Kind.RESERVED_TAG,
                    source.name(),
                    "the handler",
                    Tag.reservedMessage("it wrote tag", refused),
                    null);
        }
        return state.emitOutputs(sink);
    }

    /**
     * Runs the handler on one frame and returns what it wrote, in write order.
     *
     * @throws WasmTrapException if the guest traps or times out; the instance is rebuilt first
     */
    public List<YomoOutput> process(long tag, byte[] payload) {
        List<YomoOutput> out = new ArrayList<>(2);
        process(tag, payload, (t, data, target) -> out.add(new YomoOutput(t, data, target)));
        return out;
    }

    private void rebuild() {
        close();
        rebuilds++;
        open();
    }

    @Override
    public void close() {
        if (instance != null) {
            instance.close();
            instance = null;
        }
        if (extensions != null) {
            extensions.close();
            extensions = null;
        }
    }
}
