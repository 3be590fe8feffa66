package dev.flinkyomo.wasm.yomo;

import com.sun.net.httpserver.HttpServer;
import dev.flinkyomo.wasm.runtime.WasmModuleSource;
import dev.flinkyomo.wasm.runtime.WasmRuntimeConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** yomo_http_send through the chaos guest: refused by default, allowed per host. */
class YomoHttpSendTest {

    private HttpServer server;
    private final AtomicInteger hits = new AtomicInteger();

    @BeforeEach
    void startServer() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext(
                "/hello",
                exchange -> {
                    hits.incrementAndGet();
                    byte[] body =
                            ("hi "
                                            + new String(
                                                    exchange.getRequestBody().readAllBytes(),
                                                    StandardCharsets.UTF_8))
                                    .getBytes(StandardCharsets.UTF_8);
                    exchange.sendResponseHeaders(201, body.length);
                    exchange.getResponseBody().write(body);
                    exchange.close();
                });
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    private byte[] request() {
        String body = Base64.getEncoder().encodeToString("yomo".getBytes(StandardCharsets.UTF_8));
        return ("h{\"Method\":\"POST\",\"URL\":\"http://127.0.0.1:"
                        + server.getAddress().getPort()
                        + "/hello\",\"Header\":{\"X-A\":\"b\"},\"Body\":\""
                        + body
                        + "\",\"Timeout\":2000}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private YomoStreamFunction open(Set<String> allowed) {
        YomoStreamFunction fn =
                new YomoStreamFunction(
                        WasmModuleSource.fromClasspath("wasm/chaos.wasm"),
                        WasmRuntimeConfig.defaults(),
                        allowed);
        fn.open();
        return fn;
    }

    @Test
    void refusedByDefaultWithErrorCode2() {
        try (YomoStreamFunction fn = open(Set.of())) {
            assertThat(fn.process(0x50, request()))
                    .containsExactly(new YomoOutput(0x53, new byte[] {2}, null));
            assertThat(hits).hasValue(0);
        }
    }

    @Test
    void allowedHostGetsTheResponseWrittenIntoGuestMemory() {
        try (YomoStreamFunction fn = open(Set.of("127.0.0.1"))) {
            List<YomoOutput> out = fn.process(0x50, request());
            assertThat(out).hasSize(1);
            assertThat(out.get(0).tag()).isEqualTo(0x52);
            String json = new String(out.get(0).data(), StandardCharsets.UTF_8);
            assertThat(json)
                    .contains("\"StatusCode\":201")
                    .contains(
                            "\"Body\":\""
                                    + Base64.getEncoder()
                                            .encodeToString(
                                                    "hi yomo".getBytes(StandardCharsets.UTF_8))
                                    + "\"");
            assertThat(hits).hasValue(1);
        }
    }

    @Test
    void malformedRequestGivesReadError() {
        try (YomoStreamFunction fn = open(Set.of("127.0.0.1"))) {
            assertThat(fn.process(0x50, "h{not json".getBytes(StandardCharsets.UTF_8)))
                    .containsExactly(new YomoOutput(0x53, new byte[] {1}, null));
        }
    }
}
