package dev.flinkyomo.bridge.config;

import dev.flinkyomo.bridge.testutil.RealConfigs;
import dev.flinkyomo.yomo.Credential;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Every real zipper file of yomo-protocol.md §3, unchanged, parses into the expected model. */
class RealYomoConfigsTest {

    static Path dir() {
        return RealConfigs.dir();
    }

    static Stream<Path> realFiles() throws Exception {
        return RealConfigs.files().stream();
    }

    static LoadedConfig load(String file) throws Exception {
        return new ZipperConfigParser().parse(dir().resolve(file));
    }

    static List<String> functionNames(ZipperConfig c) {
        return c.functions().stream().map(FunctionRef::name).toList();
    }

    @ParameterizedTest
    @MethodSource("realFiles")
    void everyRealFileValidatesWithoutErrors(Path file) throws Exception {
        LoadedConfig loaded = new ZipperConfigParser().parse(file);
        assertThat(loaded.config().name()).isNotBlank();
        assertThat(loaded.config().port()).isBetween(1, 65535);
        assertThat(loaded.warnings()).allMatch(d -> !d.isError());
    }

    @Test
    void allEightFilesOfTheReferenceArePresent() throws Exception {
        assertThat(realFiles()).hasSize(8);
    }

    @Test
    void v100DialOutFlowsAndSinks() throws Exception {
        LoadedConfig loaded = load("yomo-v1.0.0-example-workflow.yaml");
        ZipperConfig c = loaded.config();
        assertThat(c.generation()).isEqualTo(ConfigGeneration.V1_0);
        assertThat(c.name()).isEqualTo("Service");
        assertThat(c.listenAddress()).isEqualTo("localhost:9999");
        assertThat(functionNames(c)).containsExactly("Noise Serverless", "Mock DB");
        assertThat(c.auth()).isEmpty();
        assertThat(c.mesh()).isEmpty();
        // The dial-out addresses are reported where they are, not silently dropped.
        assertThat(loaded.warnings())
                .extracting(Diagnostic::toString)
                .containsExactly(
                        c.file()
                                + ":5:5: warning: host/port of 'Noise Serverless' are v1.0 dial-out addresses and are ignored:"
                                + " the bridge runs 'Noise Serverless' inside the Flink job",
                        c.file()
                                + ":9:5: warning: host/port of 'Mock DB' are v1.0 dial-out addresses and are ignored:"
                                + " the bridge runs 'Mock DB' inside the Flink job");
    }

    @Test
    void v137FlowsThenSinksByName() throws Exception {
        LoadedConfig loaded = load("yomo-v1.3.7-basic-zipper-workflow.yaml");
        assertThat(loaded.config().generation()).isEqualTo(ConfigGeneration.V1_2);
        assertThat(functionNames(loaded.config())).containsExactly("Noise", "MockDB");
        assertThat(loaded.warnings()).isEmpty();
    }

    @Test
    void noiseExampleWithLeftoverHostPortIsV10() throws Exception {
        ZipperConfig c = load("noise-example-2f2fd9f-workflow.yaml").config();
        assertThat(c.generation()).isEqualTo(ConfigGeneration.V1_0);
        assertThat(c.host()).isEqualTo("0.0.0.0");
        assertThat(functionNames(c)).containsExactly("NoiseServerless", "SocketServer");
    }

    @Test
    void v153FunctionListKeepsPipelineOrder() throws Exception {
        LoadedConfig loaded = load("yomo-v1.5.3-multi-stream-fn-workflow.yaml");
        assertThat(loaded.config().generation()).isEqualTo(ConfigGeneration.V1_4);
        assertThat(functionNames(loaded.config())).containsExactly("Noise-1", "Noise-2", "Noise-3");
        assertThat(loaded.config().functions().get(1).position().line()).isEqualTo(6);
        assertThat(loaded.warnings()).isEmpty();
    }

    @Test
    void seedEraNoiseAndWasmEdgeExamples() throws Exception {
        assertThat(functionNames(load("noise-example-b39281c-workflow.yaml").config()))
                .containsExactly("NoiseServerless", "SocketServer");
        ZipperConfig tf = load("wasmedge-tensorflow-42a6f06-workflow.yaml").config();
        assertThat(tf.port()).isEqualTo(9900);
        assertThat(functionNames(tf)).containsExactly("image-recognition");
    }

    @Test
    void v115AuthFunctionsAndDownstreams() throws Exception {
        LoadedConfig loaded = load("yomo-v1.15.0-test-config.yaml");
        ZipperConfig c = loaded.config();
        assertThat(c.generation()).isEqualTo(ConfigGeneration.V1_13);
        assertThat(c.auth()).contains(new AuthConfig("token", "<CREDENTIAL>"));
        assertThat(functionNames(c))
                .containsExactly("sfn-ai-stream-response", "sfn-async-log-events");
        assertThat(c.mesh())
                .singleElement()
                .satisfies(
                        peer -> {
                            assertThat(peer.name()).isEqualTo("zipper-asia");
                            assertThat(peer.address()).isEqualTo("2.2.2.2:9000");
                            // Split at the first ':'; the payload keeps its leading space, like
                            // YoMo's NewCredential.
                            assertThat(peer.credential())
                                    .contains(new Credential("token", " <CREDENTIAL>"));
                        });
        assertThat(loaded.warnings()).isEmpty();
    }

    @Test
    void v1223MeshSkipsItselfAndIgnoresBridgeWithAWarning() throws Exception {
        LoadedConfig loaded = load("yomo-v1.22.3-test-config.yaml");
        ZipperConfig c = loaded.config();
        assertThat(c.generation()).isEqualTo(ConfigGeneration.V1_18);
        assertThat(c.functions()).isEmpty();
        assertThat(c.mesh()).extracting(MeshPeer::name).containsExactly("zipper-sgp", "zipper-aus");
        assertThat(c.meshTargets()).extracting(MeshPeer::name).containsExactly("zipper-aus");
        assertThat(loaded.warnings())
                .extracting(Diagnostic::toString)
                .containsExactly(
                        c.file()
                                + ":7:1: warning: the 'bridge' section (YoMo AI/MCP bridges) has no Flink counterpart and is ignored");
    }

    @Test
    void functionsDirDefaultsToTheFilesDirectory() throws Exception {
        ZipperConfig c = load("yomo-v1.3.7-basic-zipper-workflow.yaml").config();
        assertThat(c.flink().functionsDir()).isEqualTo(dir().toAbsolutePath().normalize());
        assertThat(c.flink().parallelism()).isEqualTo(1);
        assertThat(c.flink().checkpointInterval()).isEmpty();
    }
}
