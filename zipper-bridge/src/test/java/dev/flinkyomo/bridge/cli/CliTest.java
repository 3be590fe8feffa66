package dev.flinkyomo.bridge.cli;

import dev.flinkyomo.bridge.testutil.RealConfigs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The command line: outputs and exit codes (0 ok, 1 invalid config, 2 usage, 3 job). */
class CliTest {

    @TempDir Path dir;

    /** Result of one invocation. */
    record Run(int code, String out, String err) {}

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = ZipperBridge.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    Path write(String name, String yaml) throws Exception {
        return Files.writeString(dir.resolve(name), yaml);
    }

    static Stream<Path> realFiles() throws Exception {
        return RealConfigs.files().stream();
    }

    @ParameterizedTest
    @MethodSource("realFiles")
    void everyRealYomoFileValidates(Path file) {
        Run r = run("validate", file.toString());
        assertThat(r.code()).as(r.err()).isEqualTo(ExitCodes.OK);
        assertThat(r.out()).startsWith(file + ": valid YoMo v1.");
        // Their functions are not built here: warnings, never errors.
        assertThat(r.err()).doesNotContain(": error:");
    }

    @Test
    void validateSummarisesAndWarnsAboutUnresolvedFunctions() throws Exception {
        Path f =
                write(
                        "w.yaml",
                        "name: z\nhost: localhost\nport: 9000\nfunctions:\n  - name: test-upper\n  - name: Noise\n");
        Run r = run("validate", f.toString());
        assertThat(r.code()).isZero();
        assertThat(r.out())
                .isEqualTo(
                        f
                                + ": valid YoMo v1.4-v1.12 (functions) configuration: zipper 'z' on localhost:9000,"
                                + " 2 functions, 0 mesh peers, 0 extra sinks\n");
        assertThat(r.err())
                .startsWith(
                        f
                                + ":6:5: warning: function 'Noise' is not in the job, awaited as"
                                + " a stream function connecting to localhost:9000; looked in: "
                                + dir.resolve("Noise.wasm"));
    }

    @Test
    void invalidFileExitsOneWithPositions() throws Exception {
        Path f =
                write("bad.yaml", "name: z\nhost: localhost\nport: 123456\nauth:\n  type: oauth\n");
        Run r = run("validate", f.toString());
        assertThat(r.code()).isEqualTo(ExitCodes.INVALID_CONFIG);
        assertThat(r.err())
                .contains(f + ":3:7: error: port must be between 1 and 65535, got 123456")
                .contains(f + ":5:9: error: unknown auth type 'oauth'")
                .contains(f + ": invalid (2 errors)");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void planPrintsTheRoutingTable() throws Exception {
        Path f =
                write(
                        "w.yaml",
                        "name: z\nhost: localhost\nport: 9000\nfunctions:\n  - name: test-upper\n  - name: test-suffix\n");
        Run r = run("plan", f.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out())
                .contains("listener: YoMo sources connect to localhost:9000")
                .contains("2  test-suffix  java  0x33, 0x34  sources, test-upper");
    }

    @Test
    void planShowsAnUnresolvedFunctionAsAwaitedToConnect() throws Exception {
        Path f =
                write(
                        "w.yaml",
                        "name: z\nhost: localhost\nport: 9000\nfunctions:\n  - name: test-upper\n  - name: Noise\n");
        Run r = run("plan", "--functions-dir", dir.resolve("fns").toString(), f.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out())
                .contains("1  test-upper  java")
                .contains(
                        "2  Noise       connected  its handshake's  sources, test-upper  awaited:"
                                + " connects to localhost:9000")
                .contains("they keep their places in the list")
                .contains("Stage 1: test-upper (java) -> Connected functions: Writer");
        assertThat(r.err())
                .contains(
                        f
                                + ":6:5: warning: function 'Noise' is not in the job, awaited as"
                                + " a stream function connecting to localhost:9000; looked in: "
                                + dir.resolve("fns").resolve("Noise.wasm")
                                + " (directory does not exist)");
    }

    @Test
    void usageErrorsExitTwo() throws Exception {
        Path f =
                write(
                        "w.yaml",
                        "name: z\nhost: localhost\nport: 9000\nfunctions:\n  - name: test-upper\n");
        assertThat(run().code()).isEqualTo(ExitCodes.USAGE);
        assertThat(run("validate").code()).isEqualTo(ExitCodes.USAGE);
        assertThat(run("frobnicate", f.toString()).code()).isEqualTo(ExitCodes.USAGE);
        Run badDuration = run("run", "--duration", "soon", f.toString());
        assertThat(badDuration.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(badDuration.err())
                .contains(
                        "expected a positive duration such as 100ms, 30s, 5min or 1h, got 'soon'");
        Run badJm = run("run", "--jobmanager", "localhost", f.toString());
        assertThat(badJm.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(badJm.err())
                .contains("expected HOST:PORT, e.g. localhost:8081, got 'localhost'");
        assertThat(run("run", "--jobmanager", "h:99999", f.toString()).code())
                .isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void serveDashCIsRunAsYomoServeTakesIt() throws Exception {
        Path bad = write("config.yaml", "name: z\nhost: localhost\nport: 123456\n");
        Run served = run("serve", "-c", bad.toString(), "--duration", "1s");
        assertThat(served.code()).as("the file was read").isEqualTo(ExitCodes.INVALID_CONFIG);
        assertThat(served.err())
                .contains(bad + ":3:7: error: port must be between 1 and 65535, got 123456");
        // run FILE still works, and -c works for every command
        assertThat(run("run", bad.toString()).err()).isEqualTo(served.err());
        Path good =
                write(
                        "w.yaml",
                        "name: z\nhost: localhost\nport: 9000\nfunctions:\n  - name: test-upper\n");
        Run validated = run("validate", "--config", good.toString());
        assertThat(validated.code()).as(validated.err()).isZero();
        assertThat(validated.out()).startsWith(good + ": valid YoMo v1.4-v1.12");
        assertThat(run("--help").out()).contains("run, serve");
    }

    @Test
    void serveWithoutAFileIsAUsageErrorAsYomoServeHasNoDefault() throws Exception {
        Run none = run("serve");
        assertThat(none.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(none.err())
                .contains("missing the configuration file: FILE, or -c FILE as for 'yomo serve'");
        Path f = write("w.yaml", "name: z\nhost: localhost\nport: 9000\n");
        Run both = run("serve", "-c", f.toString(), f.toString());
        assertThat(both.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(both.err()).contains("FILE or -c FILE, not both");
    }

    @Test
    void aBadZipperAddressNamesTheZippersPortNotFlinks() throws Exception {
        Path wasm = Files.write(dir.resolve("fn.wasm"), new byte[] {0, 'a', 's', 'm'});
        Run r = run("sfn", "-z", "localhost", wasm.toString());
        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err().lines().findFirst().orElseThrow())
                .isEqualTo(
                        "Invalid value for option '--zipper': expected HOST:PORT, e.g."
                                + " localhost:9000, got 'localhost'");
    }

    @Test
    void helpListsCommandsAndExitCodes() {
        Run r = run("--help");
        assertThat(r.code()).isZero();
        assertThat(r.out())
                .contains("validate")
                .contains("plan")
                .contains("run")
                .contains("Exit codes:");
    }

    @Test
    void unreachableJobManagerFailsFastWithOneLine() throws Exception {
        int closed = BridgeRuns.closedTcpPort();
        Path f =
                write(
                        "w.yaml",
                        "name: z\nhost: 127.0.0.1\nport: 9000\nfunctions:\n  - name: test-upper\n");
        long start = System.nanoTime();
        Run r = run("run", "--jobmanager", "127.0.0.1:" + closed, f.toString());
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(r.code()).as(r.err()).isEqualTo(ExitCodes.JOB_FAILED);
        assertThat(r.err())
                .isEqualTo(
                        "zipper-bridge: cannot reach the Flink JobManager at 127.0.0.1:"
                                + closed
                                + " (connection refused): is the cluster running? --jobmanager"
                                + " takes its REST address (rest.address and rest.port, 8081 by"
                                + " default); without --jobmanager the job runs on an embedded"
                                + " Flink\n");
        assertThat(millis).as("elapsed ms").isLessThan(10_000);
    }
}
