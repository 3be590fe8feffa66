package dev.flinkyomo.wasm.yomo;

import dev.flinkyomo.wasm.runtime.CapturedLog;
import dev.flinkyomo.wasm.runtime.WasmTrapException;
import dev.flinkyomo.wasm.yomo.YomoStreamFunctionTest.Engine;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.flinkyomo.wasm.yomo.YomoStreamFunctionTest.fixture;
import static dev.flinkyomo.wasm.yomo.YomoStreamFunctionTest.open;
import static dev.flinkyomo.wasm.yomo.YomoStreamFunctionTest.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A Rust {@code wasm32-wasi} guest (source: {@code wasm-guests/rust-sandbox-probe/probe.rs}) asks
 * each engine's WASI for what a stream function must not get by default (files, directories,
 * sockets, the TaskManager's environment and arguments) and for what it may use (clocks,
 * randomness, stderr to the task log, proc_exit as a recoverable failure).
 */
class WasiSandboxTest {

    private static final long PROBE_TAG = 0x60;
    private static final long RESULT_TAG = 0x61;

    private static String probe(YomoStreamFunction fn, String request) {
        List<YomoOutput> out = fn.process(PROBE_TAG, utf8(request));
        assertThat(out).hasSize(1);
        assertThat(out.get(0).tag()).isEqualTo(RESULT_TAG);
        return new String(out.get(0).data(), StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void theTaskManagersEnvironmentAndArgumentsAreNotVisible(Engine engine) {
        assertThat(System.getenv()).isNotEmpty(); // there is something the guest could have seen
        try (YomoStreamFunction fn = open(fixture("sandbox_probe.wasm"), engine.config)) {
            assertThat(probe(fn, "env")).isEqualTo("env ok vars=0 args=0");
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void noFileOrDirectoryCanBeOpenedReadOrCreated(Engine engine) throws Exception {
        Path readable = Files.createTempFile("wasi-sandbox", ".txt");
        Path created = readable.resolveSibling(readable.getFileName() + ".new");
        try (YomoStreamFunction fn = open(fixture("sandbox_probe.wasm"), engine.config)) {
            Files.writeString(readable, "secret");
            assertThat(probe(fn, "open " + readable)).startsWith("open err ");
            assertThat(probe(fn, "open /etc/passwd")).startsWith("open err ");
            assertThat(probe(fn, "open relative.txt")).startsWith("open err ");
            assertThat(probe(fn, "create " + created)).startsWith("create err ");
            assertThat(probe(fn, "readdir /")).startsWith("readdir err ");
            assertThat(probe(fn, "readdir .")).startsWith("readdir err ");
            assertThat(created).doesNotExist();
        } finally {
            Files.deleteIfExists(readable);
            Files.deleteIfExists(created);
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void noSocketCanBeOpened(Engine engine) {
        try (YomoStreamFunction fn = open(fixture("sandbox_probe.wasm"), engine.config)) {
            assertThat(probe(fn, "connect 127.0.0.1:9000")).startsWith("connect err ");
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void clocksAndRandomnessWork(Engine engine) {
        try (YomoStreamFunction fn = open(fixture("sandbox_probe.wasm"), engine.config)) {
            assertThat(probe(fn, "clock")).isEqualTo("clock ok plausible");
            assertThat(probe(fn, "random")).isEqualTo("random ok distinct");
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void stderrGoesToTheTaskLog(Engine engine) throws Exception {
        try (CapturedLog log = CapturedLog.of("dev.flinkyomo.wasm.guest.sandbox_probe_wasm")) {
            try (YomoStreamFunction fn = open(fixture("sandbox_probe.wasm"), engine.config)) {
                assertThat(probe(fn, "stderr written by the guest"))
                        .isEqualTo("stderr ok wrote=21");
                // wasmtime's stdio arrives through a pipe, so allow it a moment
                long deadline = System.nanoTime() + 5_000_000_000L;
                while (log.messages().isEmpty() && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                }
                assertThat(log.messages())
                        .containsExactly("[sandbox_probe.wasm stderr] written by the guest");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void procExitAndPanicFailTheCallAndTheNextFrameRunsOnAFreshInstance(Engine engine) {
        try (YomoStreamFunction fn = open(fixture("sandbox_probe.wasm"), engine.config)) {
            assertThatThrownBy(() -> fn.process(PROBE_TAG, utf8("exit 3")))
                    .isInstanceOfSatisfying(
                            WasmTrapException.class,
                            e -> {
                                assertThat(e.kind()).isEqualTo(WasmTrapException.Kind.EXIT);
                                assertThat(e.exitCode()).isEqualTo(3);
                                assertThat(e.getMessage()).contains("sandbox_probe.wasm");
                            });
            assertThat(probe(fn, "clock")).isEqualTo("clock ok plausible");
            assertThatThrownBy(() -> fn.process(PROBE_TAG, utf8("panic")))
                    .isInstanceOfSatisfying(
                            WasmTrapException.class,
                            e -> {
                                assertThat(e.kind()).isEqualTo(WasmTrapException.Kind.TRAP);
                                assertThat(e.getMessage())
                                        .contains("sandbox_probe.wasm")
                                        .contains("yomo_handler");
                            });
            assertThat(probe(fn, "clock")).isEqualTo("clock ok plausible");
            assertThat(fn.rebuilds()).isEqualTo(2);
        }
    }
}
