package dev.flinkyomo.bridge.plan;

import dev.flinkyomo.bridge.config.ConfigException;
import dev.flinkyomo.bridge.config.Diagnostic;
import dev.flinkyomo.bridge.config.FunctionRef;
import dev.flinkyomo.bridge.config.Severity;
import dev.flinkyomo.bridge.config.ZipperConfig;
import dev.flinkyomo.bridge.config.ZipperConfigParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Name resolution and YoMo v1.6 routing over the resolved functions. */
class RoutingPlannerTest {

    @TempDir Path dir;

    private ZipperConfig config(String yaml) throws ConfigException {
        return new ZipperConfigParser().parse("w.yaml", yaml, dir).config();
    }

    private FunctionResolver resolver(WasmTagReader tags) {
        return new CompositeFunctionResolver(
                List.of(
                        new WasmFunctionResolver(dir, tags),
                        new JavaFunctionResolver(getClass().getClassLoader())));
    }

    private static final WasmTagReader NO_WASM =
            m -> {
                throw new AssertionError("no Wasm module expected, read " + m);
            };

    @Test
    void functionsRunInListOrderAndRecordsGoToLaterObservers() throws Exception {
        ZipperConfig c =
                config(
                        "name: z\nhost: h\nport: 9000\nfunctions:\n  - name: test-upper\n  - name: test-suffix\n");
        RoutingPlan plan = new RoutingPlanner(resolver(NO_WASM)).plan(c);

        assertThat(plan.stages())
                .extracting(Stage::name)
                .containsExactly("test-upper", "test-suffix");
        assertThat(plan.stages().get(0).function().kind()).isEqualTo(FunctionKind.JAVA);
        assertThat(plan.stages().get(0).function().location())
                .isEqualTo("dev.flinkyomo.bridge.testfunctions.UppercaseFunction");
        // A source record with 0x33 reaches both observers; upper's 0x34 output reaches suffix
        // only.
        assertThat(plan.receivers(0x33, RoutingPlan.SOURCES))
                .extracting(Stage::name)
                .containsExactly("test-upper", "test-suffix");
        assertThat(plan.receivers(0x34, 1)).extracting(Stage::name).containsExactly("test-suffix");
        // Nothing flows backwards: suffix's output never reaches upper, even if upper observed it.
        assertThat(plan.receivers(0x33, 2)).isEmpty();
        assertThat(plan.upstreamsOf(plan.stages().get(1).number()))
                .containsExactly("sources", "test-upper");
        assertThat(plan.warnings()).isEmpty();
    }

    @Test
    void unresolvedNameIsAwaitedAsAConnectedFunctionWithAWarningListingWhereItLooked()
            throws Exception {
        ZipperConfig c =
                config(
                        "name: z\nhost: h\nport: 9000\nfunctions:\n  - name: test-upper\n  - name: Noise\n");
        RoutingPlan plan = new RoutingPlanner(resolver(NO_WASM)).plan(c);
        assertThat(plan.stages()).extracting(Stage::name).containsExactly("test-upper");
        assertThat(plan.awaited()).extracting(FunctionRef::name).containsExactly("Noise");
        assertThat(plan.placeOf(plan.awaited().get(0))).hasValue(2);
        assertThat(plan.warnings())
                .extracting(Diagnostic::toString)
                .containsExactly(
                        "w.yaml:6:5: warning: function 'Noise' is not in the job, awaited as a"
                                + " stream function connecting to h:9000; looked in: "
                                + dir.resolve("Noise.wasm")
                                + " (no such file); Java stream functions in"
                                + " META-INF/services/dev.flinkyomo.bridge.spi.JavaStreamFunction (registered: test-suffix, test-upper)");
    }

    /**
     * A listed file keeps every function's place, connected ones too: in-job stages are numbered by
     * their place in the list, and a connected function in the middle is fed by what comes before
     * it and feeds what comes after it.
     */
    @Test
    void aConnectedFunctionKeepsItsPlaceInAListedWorkflow() throws Exception {
        ZipperConfig c =
                config(
                        "name: z\nhost: h\nport: 9000\nfunctions:\n  - name: test-upper\n"
                                + "  - name: Noise\n  - name: test-suffix\n");
        RoutingPlan plan = new RoutingPlanner(resolver(NO_WASM)).plan(c);
        assertThat(plan.ordered()).isTrue();
        assertThat(plan.stages()).extracting(Stage::number).containsExactly(1, 3);
        assertThat(plan.namesByPlace()).containsExactly("test-upper", "Noise", "test-suffix");
        assertThat(plan.upstreamsOf(2)).containsExactly("sources", "test-upper");
        assertThat(plan.upstreamsOf(3)).containsExactly("sources", "test-upper", "Noise");
        // what the connected function writes (at place 2) reaches test-suffix only
        assertThat(plan.receivers(0x34, 2)).extracting(Stage::name).containsExactly("test-suffix");
        assertThat(RoutingTableRenderer.render(plan))
                .containsSubsequence(
                        "1  test-upper",
                        "2  Noise        connected  its handshake's  sources, test-upper",
                        "3  test-suffix");
    }

    @Test
    void validateReportsTheSameAsWarnings() throws Exception {
        ZipperConfig c = config("name: z\nhost: h\nport: 9000\nfunctions:\n  - name: Noise\n");
        List<Diagnostic> found = new RoutingPlanner(resolver(NO_WASM)).check(c);
        assertThat(found)
                .singleElement()
                .satisfies(
                        d -> {
                            assertThat(d.severity()).isEqualTo(Severity.WARNING);
                            assertThat(d.position().line()).isEqualTo(5);
                            assertThat(d.message())
                                    .startsWith(
                                            "function 'Noise' is not in the job, awaited as a"
                                                    + " stream function connecting to h:9000;"
                                                    + " looked in: ");
                        });
    }

    @Test
    void wasmModuleInTheFunctionsDirWinsWithTheTagsItDeclares() throws Exception {
        Files.write(dir.resolve("test-upper.wasm"), new byte[] {0, 'a', 's', 'm'});
        ZipperConfig c = config("name: z\nhost: h\nport: 9000\nfunctions:\n  - name: test-upper\n");
        RoutingPlan plan = new RoutingPlanner(resolver(m -> Set.of(0x10L, 0x11L))).plan(c);
        ResolvedFunction f = plan.stages().get(0).function();
        assertThat(f.kind()).isEqualTo(FunctionKind.WASM);
        assertThat(f.location()).isEqualTo(dir.resolve("test-upper.wasm").toString());
        assertThat(f.observedTags()).containsExactly(0x10L, 0x11L);
    }

    @Test
    void unreadableModuleIsAnErrorWithTheReason() throws Exception {
        Files.write(dir.resolve("broken.wasm"), new byte[] {1, 2, 3});
        ZipperConfig c = config("name: z\nhost: h\nport: 9000\nfunctions:\n  - name: broken\n");
        ConfigException e =
                catchThrowableOfType(
                        ConfigException.class,
                        () ->
                                new RoutingPlanner(
                                                resolver(
                                                        m -> {
                                                            throw new IllegalArgumentException(
                                                                    "bad magic");
                                                        }))
                                        .plan(c));
        assertThat(e.errors())
                .extracting(Diagnostic::toString)
                .containsExactly(
                        "w.yaml:5:5: error: function 'broken' cannot be"
                                + " used: cannot read the observed tags of "
                                + dir.resolve("broken.wasm")
                                + ": bad magic");
    }

    @Test
    void functionThatObservesNothingIsAWarning() throws Exception {
        Files.write(dir.resolve("idle.wasm"), new byte[0]);
        RoutingPlan plan =
                new RoutingPlanner(resolver(m -> Set.of()))
                        .plan(config("name: z\nhost: h\nport: 9000\nfunctions:\n  - name: idle\n"));
        assertThat(plan.warnings())
                .extracting(Diagnostic::toString)
                .containsExactly(
                        "w.yaml:5:5: warning: function 'idle' observes no tags and will never receive a record");
    }

    @Test
    void namesAreNotPaths() throws Exception {
        Path outside = dir.resolve("outside.wasm");
        Files.write(outside, new byte[0]);
        Path functions = Files.createDirectory(dir.resolve("functions"));
        WasmFunctionResolver r = new WasmFunctionResolver(functions, m -> Set.of(1L));
        assertThat(r.resolve("../outside")).isEmpty();
        assertThat(r.resolve("outside")).isEmpty();
    }

    @Test
    void filesWithoutAFunctionListRunEverythingFoundInNameOrder() throws Exception {
        Files.write(dir.resolve("alpha.wasm"), new byte[0]);
        ZipperConfig c = config("name: z\nhost: h\nport: 9000\nmesh: {}\n");
        RoutingPlan plan = new RoutingPlanner(resolver(m -> Set.of(0x33L))).plan(c);
        assertThat(plan.stages())
                .extracting(Stage::name)
                .containsExactly("alpha", "test-suffix", "test-upper");
        assertThat(plan.warnings())
                .singleElement()
                .asString()
                .contains(
                        "running every function found (alpha, test-suffix,"
                                + " test-upper) in name order; list them under flink.functions to choose the order");

        ZipperConfig chosen =
                config(
                        "name: z\nhost: h\nport: 9000\nmesh: {}\nflink:\n  functions: [test-upper]\n");
        assertThat(new RoutingPlanner(resolver(NO_WASM)).plan(chosen).stages())
                .extracting(Stage::name)
                .containsExactly("test-upper");
    }

    @Test
    void renderedTableShowsRoutingAndOutputs() throws Exception {
        ZipperConfig c =
                config(
                        "name: z\nhost: 0.0.0.0\nport: 9000\nauth: {type: token, token: s3cret}\n"
                                + "functions:\n  - name: test-upper\n  - name: test-suffix\n"
                                + "downstreams:\n  z: {host: a, port: 1}\n  far: {host: b, port: 2, credential: 'token:x'}\n"
                                + "flink:\n  sinks:\n    - type: print\n    - {type: file, path: out.txt, tags: [0x35]}\n");
        String text = RoutingTableRenderer.render(new RoutingPlanner(resolver(NO_WASM)).plan(c));
        assertThat(text)
                .contains(
                        "listener: YoMo sources connect to 0.0.0.0:9000 (QUIC, ALPN yomo), auth: token")
                .contains("  #  function     kind  observes    receives from        implementation")
                .contains(
                        "  1  test-upper   java  0x33        sources              dev.flinkyomo.bridge.testfunctions.UppercaseFunction")
                .contains(
                        "  2  test-suffix  java  0x33, 0x34  sources, test-upper  dev.flinkyomo.bridge.testfunctions.SuffixFunction")
                .contains("  mesh  z a:1: skipped, it is this zipper")
                .contains(
                        "  mesh  far b:2 (credential token:***): every record from sources and functions")
                .contains("  print: what the functions write")
                .contains("  file  " + dir.resolve("out.txt") + ": tags 0x35")
                .contains("flink: parallelism 1, checkpointing off")
                .doesNotContain("s3cret");
    }
}
