package dev.flinkyomo.bridge.plan;

import org.apache.flink.annotation.PublicEvolving;

import java.nio.file.Path;
import java.util.Set;

/**
 * Reads the data tags a YoMo Wasm stream function observes, as the module declares them (its {@code
 * yomo_observe_datatags}/{@code yomo_init} export calling {@code yomo_observe_datatag}). The Wasm
 * runtime lives in flink-wasm-udf; this keeps the planner independent of it.
 */
@PublicEvolving
@FunctionalInterface
public interface WasmTagReader {

    Set<Long> observedTags(Path module) throws Exception;
}
