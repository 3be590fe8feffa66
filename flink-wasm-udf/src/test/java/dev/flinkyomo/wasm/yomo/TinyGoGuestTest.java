package dev.flinkyomo.wasm.yomo;

import com.sun.net.httpserver.HttpServer;
import dev.flinkyomo.wasm.runtime.CapturedLog;
import dev.flinkyomo.wasm.runtime.WasmTrapException;
import dev.flinkyomo.wasm.yomo.YomoStreamFunctionTest.Engine;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Arrays;
import java.util.List;
import java.util.Set;

import static dev.flinkyomo.wasm.yomo.YomoStreamFunctionTest.fixture;
import static dev.flinkyomo.wasm.yomo.YomoStreamFunctionTest.open;
import static dev.flinkyomo.wasm.yomo.YomoStreamFunctionTest.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Go stream functions built by TinyGo 0.30 ({@code tinygo build -no-debug -target wasi}, the
 * command {@code yomo build} runs) against YoMo's own guest SDK, yomo v1.18.0, unmodified. Sources:
 * {@code wasm-guests/tinygo-sfn/}. They exercise what C and Rust guests do not: TinyGo's {@code
 * _start} running {@code main} to register the handler, its runtime's WASI imports, the SDK's
 * 2048-byte read buffer and its retry for larger frames, and {@code yomo_http_send} with the SDK's
 * own JSON encoding and {@code yomo_alloc}.
 */
class TinyGoGuestTest {

    private static void awaitMessages(CapturedLog log, int count) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (log.messages().size() < count && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void uppercaseThroughYomosGoSdk(Engine engine) throws Exception {
        try (CapturedLog log = CapturedLog.of("dev.flinkyomo.wasm.guest.tinygo_uppercase_wasm");
                YomoStreamFunction fn = open(fixture("tinygo_uppercase.wasm"), engine.config)) {
            assertThat(fn.abi()).isEqualTo(YomoAbi.V3);
            assertThat(fn.observedTags()).containsExactly(0x33L);
            awaitMessages(log, 1);
            assertThat(log.messages())
                    .containsExactly("[tinygo_uppercase.wasm stdout] tinygo uppercase ready");
            for (int i = 0; i < 200; i++) {
                assertThat(fn.process(0x33, utf8("hello tinygo " + i)))
                        .containsExactly(new YomoOutput(0x34, utf8("HELLO TINYGO " + i), null));
            }
            // larger than the SDK's 2048-byte read buffer: it asks again with an exact-size buffer
            byte[] big = new byte[5000];
            Arrays.fill(big, (byte) 'q');
            byte[] bigUpper = new byte[5000];
            Arrays.fill(bigUpper, (byte) 'Q');
            assertThat(fn.process(0x33, big)).containsExactly(new YomoOutput(0x34, bigUpper, null));
            // An empty frame: the SDK's Write takes &data[0] of the empty (non-nil) result, which
            // panics in Go. That is the guest's own bug (yomo's wazero host traps alike); here it
            // is
            // a trap naming the module, the panic message reaches the task log, and the instance
            // is rebuilt for the next frame.
            assertThatThrownBy(() -> fn.process(0x33, new byte[0]))
                    .isInstanceOfSatisfying(
                            WasmTrapException.class,
                            e -> {
                                assertThat(e.kind()).isEqualTo(WasmTrapException.Kind.TRAP);
                                assertThat(e.getMessage())
                                        .contains("tinygo_uppercase.wasm")
                                        .contains("yomo_handler");
                            });
            assertThat(fn.rebuilds()).isEqualTo(1);
            awaitMessages(log, 3); // wasmtime's stdio arrives through a pipe
            assertThat(log.messages())
                    .containsExactly(
                            "[tinygo_uppercase.wasm stdout] tinygo uppercase ready",
                            "[tinygo_uppercase.wasm stdout] panic: runtime error: index out of range",
                            "[tinygo_uppercase.wasm stdout] tinygo uppercase ready");
            assertThat(fn.process(0x33, utf8("after")))
                    .containsExactly(new YomoOutput(0x34, utf8("AFTER"), null));
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void httpGetThroughYomosGoSdkIsRefusedByDefaultAndWorksForAnAllowedHost(Engine engine)
            throws Exception {
        HttpServer server = PongServer.start();
        byte[] url = utf8("http://127.0.0.1:" + server.getAddress().getPort() + "/ping");
        try {
            try (YomoStreamFunction fn = open(fixture("tinygo_httpget.wasm"), engine.config)) {
                assertThat(fn.process(0x70, url))
                        .containsExactly(new YomoOutput(0x7E, utf8("http request error: 2"), null));
            }
            YomoStreamFunction allowed =
                    new YomoStreamFunction(
                            fixture("tinygo_httpget.wasm"), engine.config, Set.of("127.0.0.1"));
            allowed.open();
            try (allowed) {
                List<YomoOutput> out = allowed.process(0x70, url);
                assertThat(out).containsExactly(new YomoOutput(0x71, utf8("200 pong"), null));
            }
        } finally {
            server.stop(0);
        }
    }
}
