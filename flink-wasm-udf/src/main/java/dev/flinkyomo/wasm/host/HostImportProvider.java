package dev.flinkyomo.wasm.host;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ReadableConfig;

import dev.flinkyomo.wasm.runtime.HostOptions;

import java.util.Set;

/**
 * Host functions of one or more import modules other than YoMo's {@code env} and WASI (for example
 * WASI-NN's {@code wasi_ephemeral_nn}), contributed by a module of its own. Found with {@link
 * java.util.ServiceLoader} ({@code META-INF/services/dev.flinkyomo.wasm.host.HostImportProvider}),
 * so flink-wasm-udf names no such module, and consulted only for a Wasm module that imports one of
 * {@link #importModules()}.
 *
 * <p>Lifecycle: {@link #prepare} runs on the client when a job or SQL module is defined; {@link
 * #open} runs once per Wasm instance on the task manager (again after a trap rebuilt the instance),
 * and the returned {@link HostImports} is closed with the instance.
 */
@PublicEvolving
public interface HostImportProvider {

    /** The import module names this provider serves, e.g. {@code wasi_ephemeral_nn}. */
    Set<String> importModules();

    /**
     * Options this provider reads. {@code LOAD MODULE wasm} accepts them, and the DataStream
     * builder's {@code configure(...)} copies them into {@link HostOptions}.
     */
    default Set<ConfigOption<?>> options() {
        return Set.of();
    }

    /**
     * On the client: adds to {@code shipped} whatever the options name that must travel with the
     * job (e.g. reads the files an option lists), so task managers never need the client's files.
     */
    default void prepare(ReadableConfig options, HostOptions.Builder shipped) {}

    /** The host functions of one Wasm instance; they may keep per-instance state. */
    HostImports open(HostContext context);
}
