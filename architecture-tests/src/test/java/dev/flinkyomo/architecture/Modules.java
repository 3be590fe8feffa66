package dev.flinkyomo.architecture;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The project's modules as the rules see them: each production class belongs to the module whose
 * jar or {@code target/classes} it was loaded from, and each module may depend on the modules
 * listed for it here, the layering the READMEs draw. Adding a module means adding it here, which is
 * the point: a new dependency between modules is a decision, not an accident.
 */
final class Modules {

    static final String ANNOTATIONS = "yomo-annotations";
    static final String Y3_CODEC = "y3-codec";
    static final String YOMO_JAVA = "yomo-java";
    static final String Y3_FORMAT = "flink-y3-format";
    static final String Y3_TOOLS = "y3-tools";
    static final String COMMON = "flink-yomo-common";
    static final String CONNECTOR = "flink-connector-yomo";
    static final String WASM = "flink-wasm-udf";
    static final String ONNX = "onnx-models";
    static final String ML_ONNX = "flink-ml-onnx";
    static final String WASM_NN = "flink-wasm-nn";
    static final String BRIDGE = "zipper-bridge";
    static final String EXAMPLES = "examples";

    /** The modules that must not see Flink at all. */
    static final List<String> FLINK_FREE =
            List.of(ANNOTATIONS, Y3_CODEC, YOMO_JAVA, Y3_TOOLS, ONNX);

    /** Which modules each module may use (besides itself). */
    static final Map<String, Set<String>> ALLOWED =
            Map.ofEntries(
                    Map.entry(ANNOTATIONS, Set.of()),
                    Map.entry(Y3_CODEC, Set.of(ANNOTATIONS)),
                    Map.entry(YOMO_JAVA, Set.of(ANNOTATIONS, Y3_CODEC)),
                    Map.entry(Y3_FORMAT, Set.of(ANNOTATIONS, Y3_CODEC)),
                    Map.entry(Y3_TOOLS, Set.of(ANNOTATIONS, Y3_CODEC)),
                    Map.entry(COMMON, Set.of(ANNOTATIONS, Y3_CODEC, YOMO_JAVA)),
                    Map.entry(
                            CONNECTOR, Set.of(ANNOTATIONS, Y3_CODEC, YOMO_JAVA, COMMON, Y3_FORMAT)),
                    Map.entry(WASM, Set.of(ANNOTATIONS, Y3_CODEC, YOMO_JAVA, COMMON)),
                    Map.entry(ONNX, Set.of(ANNOTATIONS)),
                    Map.entry(ML_ONNX, Set.of(ANNOTATIONS, ONNX)),
                    Map.entry(
                            WASM_NN, Set.of(ANNOTATIONS, Y3_CODEC, YOMO_JAVA, COMMON, WASM, ONNX)),
                    Map.entry(
                            BRIDGE,
                            Set.of(
                                    ANNOTATIONS,
                                    Y3_CODEC,
                                    YOMO_JAVA,
                                    COMMON,
                                    Y3_FORMAT,
                                    CONNECTOR,
                                    WASM)),
                    Map.entry(
                            EXAMPLES,
                            Set.of(
                                    ANNOTATIONS,
                                    Y3_CODEC,
                                    YOMO_JAVA,
                                    COMMON,
                                    Y3_FORMAT,
                                    CONNECTOR,
                                    WASM,
                                    BRIDGE,
                                    ONNX,
                                    ML_ONNX,
                                    WASM_NN)));

    /** {@code .../y3-codec/target/classes/...} or {@code .../y3-codec-0.1.0-SNAPSHOT.jar!/...}. */
    private static final Pattern LOCATION =
            Pattern.compile("/(" + String.join("|", ALLOWED.keySet()) + ")(/target/classes/|-\\d)");

    private static JavaClasses production;

    private Modules() {}

    /** Every production class of the project (no tests), imported once. */
    static synchronized JavaClasses production() {
        if (production == null) {
            production =
                    new ClassFileImporter()
                            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TEST_FIXTURES)
                            .importPackages("dev.flinkyomo");
        }
        return production;
    }

    /** The module {@code c} was loaded from; empty for classes outside the project. */
    static Optional<String> of(JavaClass c) {
        if (!c.getPackageName().startsWith("dev.flinkyomo")) {
            return Optional.empty();
        }
        return c.getSource()
                .map(source -> LOCATION.matcher(source.getUri().toString()))
                .filter(Matcher::find)
                .map(m -> m.group(1));
    }
}
