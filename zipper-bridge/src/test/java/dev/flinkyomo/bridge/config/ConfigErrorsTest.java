package dev.flinkyomo.bridge.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Each kind of wrong file gives an error naming file, line, column and what was expected. */
class ConfigErrorsTest {

    private static final Path BASE = Path.of("/configs");

    static LoadedConfig parse(String yaml) throws ConfigException {
        return new ZipperConfigParser().parse("w.yaml", yaml, BASE);
    }

    static List<String> errors(String yaml) {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> parse(yaml));
        assertThat(e).as("expected the configuration to be rejected").isNotNull();
        return e.errors().stream().map(Diagnostic::toString).toList();
    }

    @Test
    void wrongTypeForPort() {
        assertThat(errors("name: z\nhost: localhost\nport: nine\nfunctions:\n  - name: f\n"))
                .containsExactly(
                        "w.yaml:3:7: error: expected an integer for port, found the string 'nine'");
    }

    @Test
    void portOutOfRange() {
        assertThat(errors("name: z\nhost: localhost\nport: 70000\n"))
                .containsExactly("w.yaml:3:7: error: port must be between 1 and 65535, got 70000");
        assertThat(errors("name: z\nhost: localhost\nport: 0\n"))
                .containsExactly("w.yaml:3:7: error: port must be between 1 and 65535, got 0");
    }

    @Test
    void missingNameIsReportedAtTheMapping() {
        assertThat(errors("host: localhost\nport: 9000\n"))
                .containsExactly(
                        "w.yaml:1:1: error: missing required key 'name' in the zipper configuration");
    }

    @Test
    void functionWithoutName() {
        assertThat(errors("name: z\nhost: h\nport: 9000\nfunctions:\n  - name: a\n  - nam: b\n"))
                .containsExactly(
                        "w.yaml:6:5: error: missing required key 'name' in a functions entry");
    }

    @Test
    void functionEntryThatIsNotAMapping() {
        assertThat(errors("name: z\nhost: h\nport: 9000\nfunctions:\n  - noise\n"))
                .containsExactly(
                        "w.yaml:5:5: error: expected a mapping for a functions entry, found the string 'noise'");
    }

    @Test
    void unknownAuthType() {
        assertThat(errors("name: z\nhost: h\nport: 9000\nauth:\n  type: appkey\n  token: x\n"))
                .containsExactly(
                        "w.yaml:5:9: error: unknown auth type 'appkey', expected 'token'"
                                + " (the only type a YoMo zipper implements)");
    }

    @Test
    void tokenAuthWithoutToken() {
        assertThat(errors("name: z\nhost: h\nport: 9000\nauth:\n  type: token\n"))
                .containsExactly("w.yaml:5:3: error: missing required key 'token' in auth");
    }

    /** Unknown keys are warnings with the closest known key, when one is close enough. */
    @Test
    void unknownKeysAreWarningsWithPosition() throws Exception {
        LoadedConfig loaded =
                parse(
                        "name: z\nhots: h\nhost: h\nport: 9000\nfunctoins:\n  - name: a\nmesh:\n"
                                + "  b: {host: x, port: 1, tls: true}\n"
                                + "auth: {type: token, token: x, tokne: y}\nwhatever: 1\n");
        String top =
                " (known: auth, bridge, downstreams, flink, flows, functions, host, mesh, name, port,"
                        + " sinks)";
        assertThat(loaded.warnings())
                .extracting(Diagnostic::toString)
                .containsExactlyInAnyOrder(
                        "w.yaml:2:1: warning: unknown key 'hots' in the zipper configuration is ignored;"
                                + " did you mean 'host'?"
                                + top,
                        "w.yaml:5:1: warning: unknown key 'functoins' in the zipper configuration is"
                                + " ignored; did you mean 'functions'?"
                                + top,
                        "w.yaml:8:25: warning: unknown key 'tls' in peer 'b' is ignored (known: credential, host, port)",
                        "w.yaml:9:31: warning: unknown key 'tokne' in auth is ignored; did you mean"
                                + " 'token'? (known: token, type)",
                        "w.yaml:10:1: warning: unknown key 'whatever' in the zipper configuration is"
                                + " ignored"
                                + top);
    }

    /** Without its misspelt list the file would pass as a v1.16 file running every function. */
    @Test
    void aMisspeltFunctionListIsAnErrorNotAValidV116File() {
        assertThat(
                        errors(
                                "name: z\nhost: h\nport: 9000\nauth: {type: token, token: x}\nfunctoins:\n  - name: a\n"))
                .containsExactly(
                        "w.yaml:5:1: error: unknown key 'functoins'; did you mean 'functions'? Without it"
                                + " the file lists no functions and would be a YoMo v1.16-v1.17"
                                + " (auth/downstreams) file (it has none of 'functions', 'flows', 'sinks' or"
                                + " 'mesh'), running every function found instead of a list");
        assertThat(errors("name: z\nhost: h\nport: 9000\nflow:\n  - name: a\n"))
                .singleElement()
                .asString()
                .startsWith("w.yaml:4:1: error: unknown key 'flow'; did you mean 'flows'?");
    }

    @Test
    void aMisspeltKeyBesideFlinkFunctionsIsOnlyAWarning() throws Exception {
        LoadedConfig loaded =
                parse("name: z\nhost: h\nport: 9000\nfunction: []\nflink:\n  functions: [a]\n");
        assertThat(loaded.config().generation()).isEqualTo(ConfigGeneration.V1_16);
        assertThat(loaded.warnings())
                .extracting(Diagnostic::toString)
                .first()
                .asString()
                .startsWith(
                        "w.yaml:4:1: warning: unknown key 'function' in the zipper configuration is"
                                + " ignored; did you mean 'functions'?");
    }

    @Test
    void anEmptyFunctionListIsAnErrorNamingTheKeysOfItsGeneration() {
        assertThat(errors("name: z\nhost: h\nport: 9000\nfunctions: []\n"))
                .containsExactly(
                        "w.yaml:4:1: error: no stream function listed: this is a YoMo v1.4-v1.12"
                                + " (functions) file because it has 'functions', and such a zipper runs"
                                + " only the functions it lists; list at least one, or remove 'functions'"
                                + " for a v1.16+ file (any function; flink.functions picks them)");
        assertThat(
                        errors(
                                "name: z\nhost: h\nport: 9000\nauth: {type: token, token: x}\n"
                                        + "functions: []\ndownstreams: {}\n"))
                .singleElement()
                .asString()
                .contains(
                        "this is a YoMo v1.13-v1.15 (auth/functions/downstreams) file because it has"
                                + " 'functions' and 'auth' and 'downstreams'");
        assertThat(errors("name: z\nhost: h\nport: 9000\nflows: []\nsinks: []\n"))
                .singleElement()
                .asString()
                .contains("YoMo v1.2-v1.3 (flows/sinks) file because it has 'flows' and 'sinks'");
    }

    @Test
    void deeplyNestedYamlIsAnErrorNotAStackOverflow() {
        // snakeyaml-engine composes recursively: 20,000 nested flow sequences overflowed the stack
        int depth = 20_000;
        String yaml =
                "name: z\nhost: h\nport: 9000\nmesh: " + "[".repeat(depth) + "]".repeat(depth);
        assertThat(errors(yaml))
                .containsExactly(
                        "w.yaml:4:70: error: YAML nests deeper than 64 collections here;"
                                + " a zipper configuration needs a handful");
        // 64 collections, the top-level mapping included, are allowed
        assertThat(errors("name: z\nhost: h\nport: 9000\nmesh: " + "[".repeat(63) + "]".repeat(63)))
                .noneMatch(e -> e.contains("nests deeper"));
    }

    @Test
    void yamlSyntaxErrorHasItsPosition() {
        assertThat(errors("name: z\nhost: [unclosed\nport: 9000\n"))
                .singleElement()
                .asString()
                .startsWith("w.yaml:")
                .contains("error: YAML syntax:");
        assertThat(errors("name: z\n  host: h\n"))
                .singleElement()
                .asString()
                .isEqualTo("w.yaml:2:7: error: YAML syntax: mapping values are not allowed here");
    }

    @Test
    void duplicateKey() {
        assertThat(errors("name: z\nhost: h\nport: 9000\nport: 9001\n"))
                .containsExactly(
                        "w.yaml:4:1: error: duplicate key 'port' in the zipper configuration (first at line 3)");
    }

    @Test
    void credentialWithoutColon() {
        assertThat(
                        errors(
                                "name: z\nhost: h\nport: 9000\nmesh:\n  other: {host: o, port: 9000, credential: secret}\n"))
                .containsExactly(
                        "w.yaml:5:44: error: expected a credential of the form '<authName>:<payload>'"
                                + " (e.g. 'token:secret'), found no ':'");
    }

    @Test
    void meshPeerWithoutHostAndWithBadPort() {
        assertThat(errors("name: z\nhost: h\nport: 9000\ndownstreams:\n  a:\n    port: -1\n"))
                .containsExactly(
                        "w.yaml:6:5: error: missing required key 'host' in peer 'a'",
                        "w.yaml:6:11: error: port of peer 'a' must be between 1 and 65535, got -1");
    }

    @Test
    void downstreamsAsAListOfNamedEntries() throws Exception {
        ZipperConfig c =
                parse(
                                "name: z\nhost: h\nport: 9000\nfunctions:\n  - name: f\ndownstreams:\n"
                                        + "  - name: a\n    host: 1.2.3.4\n    port: 9001\n")
                        .config();
        assertThat(c.generation()).isEqualTo(ConfigGeneration.V1_13);
        assertThat(c.mesh())
                .singleElement()
                .extracting(MeshPeer::address)
                .isEqualTo("1.2.3.4:9001");
    }

    @Test
    void mixingGenerationsIsAnError() {
        assertThat(
                        errors(
                                "name: z\nhost: h\nport: 9000\nflows:\n  - name: a\nfunctions:\n  - name: b\n"))
                .containsExactly(
                        "w.yaml:6:1: error: 'functions' (YoMo v1.4+) cannot be combined with 'flows'/'sinks'"
                                + " (YoMo v1.0-v1.3); use one generation's keys");
        assertThat(errors("name: z\nhost: h\nport: 9000\ndownstreams: {}\nmesh: {}\n"))
                .singleElement()
                .asString()
                .startsWith("w.yaml:5:1: error: 'mesh' (YoMo v1.18+) and 'downstreams'");
    }

    @Test
    void functionListedTwice() {
        assertThat(errors("name: z\nhost: h\nport: 9000\nfunctions:\n  - name: a\n  - name: a\n"))
                .containsExactly(
                        "w.yaml:6:5: error: function 'a' is listed twice (first at line 5);"
                                + " each name runs once, in list order");
    }

    @Test
    void everyErrorIsReportedInOneRun() {
        assertThat(errors("name: ''\nhost: {a: b}\nport: 65536\nauth:\n  type: basic\n"))
                .containsExactly(
                        "w.yaml:1:7: error: expected a non-empty string for name, found an empty string",
                        "w.yaml:2:7: error: expected a string for host, found a mapping",
                        "w.yaml:3:7: error: port must be between 1 and 65535, got 65536",
                        "w.yaml:5:9: error: unknown auth type 'basic', expected 'token' (the only type a YoMo zipper implements)");
    }

    @Test
    void nothingHalfConfiguredTheExceptionCarriesWarningsToo() {
        ConfigException e =
                catchThrowableOfType(
                        ConfigException.class,
                        () -> parse("name: z\nhost: h\nport: x\nextra: 1\n"));
        assertThat(e.diagnostics())
                .extracting(Diagnostic::severity)
                .containsExactly(Severity.WARNING, Severity.ERROR);
        assertThat(e.getMessage())
                .startsWith("invalid zipper configuration w.yaml (1 error):")
                .contains("w.yaml:3:7: error:")
                .contains("w.yaml:4:1: warning:");
    }

    @Test
    void emptyAndNonMappingDocuments() {
        assertThat(errors("# only a comment\n"))
                .containsExactly(
                        "w.yaml:1:1: error: the file is empty; expected a mapping with name, host and port");
        assertThat(errors("- name: a\n"))
                .containsExactly(
                        "w.yaml:1:1: error: expected a mapping for the zipper configuration, found a list");
    }

    @Test
    void flinkSectionIsReadAndResolvedAgainstTheFile() throws Exception {
        ZipperConfig c =
                parse(
                                "name: z\nhost: h\nport: 9000\nfunctions:\n  - name: f\nflink:\n  parallelism: 2\n"
                                        + "  checkpoint-interval: 10s\n  functions-dir: wasm\n  sinks:\n    - type: print\n"
                                        + "    - type: file\n      path: out/r.txt\n      tags: [0x34, 52, 7]\n")
                        .config();
        FlinkSettings f = c.flink();
        assertThat(f.parallelism()).isEqualTo(2);
        assertThat(f.checkpointInterval()).contains(Duration.ofSeconds(10));
        assertThat(f.functionsDir()).isEqualTo(BASE.resolve("wasm"));
        assertThat(f.sinks()).hasSize(2);
        assertThat(f.sinks().get(0).kind()).isEqualTo(ExtraSink.Kind.PRINT);
        assertThat(f.sinks().get(0).functionOutputsOnly()).isTrue();
        assertThat(f.sinks().get(1).path()).contains(BASE.resolve("out/r.txt"));
        assertThat(f.sinks().get(1).tags()).containsExactlyInAnyOrder(0x34L, 7L);
    }

    @Test
    void flinkSectionErrors() {
        assertThat(
                        errors(
                                "name: z\nhost: h\nport: 9000\nflink:\n  parallelism: 0\n  checkpoint-interval: soon\n"
                                        + "  sinks:\n    - type: kafka\n    - type: file\n    - type: print\n      tags: [0x1FFFFFFFF]\n"))
                .containsExactly(
                        "w.yaml:5:16: error: flink.parallelism must be between 1 and 32768, got 0",
                        "w.yaml:6:24: error: expected a duration such as 500ms, 10s or 1min for flink.checkpoint-interval, found 'soon'",
                        "w.yaml:8:13: error: unknown sink type 'kafka', expected one of: print, file",
                        "w.yaml:9:7: error: missing required key 'path' in a flink.sinks entry",
                        "w.yaml:11:14: error: a tag in the sink's tags must be between 0 and 4294967295, got 8589934591");
    }

    @Test
    void flinkFunctionsOnlyForFilesWithoutAList() throws Exception {
        assertThat(
                        errors(
                                "name: z\nhost: h\nport: 9000\nfunctions:\n  - name: f\nflink:\n  functions: [g]\n"))
                .singleElement()
                .asString()
                .startsWith("w.yaml:7:15: error: flink.functions is only for YoMo v1.16+ files");
        ZipperConfig c =
                parse("name: z\nhost: h\nport: 9000\nmesh: {}\nflink:\n  functions: [g, h]\n")
                        .config();
        assertThat(c.flink().functions()).extracting(FunctionRef::name).containsExactly("g", "h");
    }

    @Test
    void fileLevelProblems(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("workflow.json");
        Files.writeString(json, "name: z\n");
        assertThatThrownBy(() -> new ZipperConfigParser().parse(json))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(
                        json + ": error: the configuration file must end in .yaml or .yml");
        Path missing = dir.resolve("missing.yaml");
        assertThatThrownBy(() -> new ZipperConfigParser().parse(missing))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(missing + ": error: no such file");
        Path binary = dir.resolve("binary.yaml");
        Files.write(binary, new byte[] {'n', ':', ' ', (byte) 0xC3, (byte) 0x28});
        assertThatThrownBy(() -> new ZipperConfigParser().parse(binary))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("the file is not valid UTF-8");
    }

    @Test
    void aliasBombIsRejectedNotExpanded() {
        StringBuilder yaml = new StringBuilder("name: z\nhost: h\nport: 9000\nx0: &a0 [x, x]\n");
        for (int i = 1; i < 60; i++) {
            yaml.append("x")
                    .append(i)
                    .append(": &a")
                    .append(i)
                    .append(" [*a")
                    .append(i - 1)
                    .append(", *a")
                    .append(i - 1)
                    .append("]\n");
        }
        assertThat(errors(yaml.toString())).singleElement().asString().contains("error: YAML");
    }

    @Test
    void namesMayBeAnyScalarLikeGoYaml() throws Exception {
        ZipperConfig c =
                parse("name: 42\nhost: h\nport: 0x2328\nfunctions:\n  - name: 7\n").config();
        assertThat(c.name()).isEqualTo("42");
        assertThat(c.port()).isEqualTo(9000);
        assertThat(c.functions()).extracting(FunctionRef::name).containsExactly("7");
    }
}
