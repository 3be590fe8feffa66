package dev.flinkyomo.bridge.job;

import dev.flinkyomo.bridge.plan.FunctionKind;
import dev.flinkyomo.bridge.plan.Stage;
import dev.flinkyomo.wasm.runtime.WasmModuleSource;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.Objects;

/**
 * What a task needs to run one stage, shipped inside the job: Wasm modules travel as bytes, so a
 * cluster's TaskManagers need no access to the functions directory; Java functions travel by class
 * name and are loaded from the job's class path.
 */
final class StageSpec implements Serializable {

    private static final long serialVersionUID = 1L;

    private final int number;
    private final String name;
    private final FunctionKind kind;
    private final String javaClass;
    private final WasmModuleSource module;

    private StageSpec(
            int number, String name, FunctionKind kind, String javaClass, WasmModuleSource module) {
        this.number = number;
        this.name = name;
        this.kind = kind;
        this.javaClass = javaClass;
        this.module = module;
    }

    static StageSpec of(Stage stage) {
        String location = stage.function().location();
        if (stage.function().kind() == FunctionKind.WASM) {
            return new StageSpec(
                    stage.number(),
                    stage.name(),
                    FunctionKind.WASM,
                    null,
                    WasmModuleSource.fromPath(Path.of(location)));
        }
        return new StageSpec(stage.number(), stage.name(), FunctionKind.JAVA, location, null);
    }

    StageHandler open(ClassLoader userClassLoader) throws Exception {
        return kind == FunctionKind.WASM
                ? WasmStageHandler.open(module)
                : JavaStageHandler.open(javaClass, userClassLoader);
    }

    int number() {
        return number;
    }

    String name() {
        return name;
    }

    /** Operator name in the Flink job graph and web UI. */
    String operatorName() {
        return "Stage " + number + ": " + name + " (" + kind.label() + ")";
    }

    @Override
    public String toString() {
        return operatorName() + " " + Objects.requireNonNullElse(javaClass, String.valueOf(module));
    }
}
