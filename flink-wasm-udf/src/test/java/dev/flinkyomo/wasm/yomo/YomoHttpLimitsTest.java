package dev.flinkyomo.wasm.yomo;

import com.sun.net.httpserver.HttpServer;
import dev.flinkyomo.wasm.runtime.CapturedLog;
import dev.flinkyomo.wasm.runtime.TestEngine;
import dev.flinkyomo.wasm.runtime.WasmModuleSource;
import dev.flinkyomo.wasm.runtime.WasmRuntimeConfig;
import dev.flinkyomo.wasm.runtime.WasmTrapException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * yomo_http_send against untrusted endpoints, through the chaos guest ('h': the response on 0x52, a
 * non-zero return code as one byte on 0x53): the body cap, the call budget and the host:port
 * allow-list.
 */
class YomoHttpLimitsTest {

    private static final long BIG_BODY = 64L * 1024 * 1024;

    private HttpServer server;
    private ExecutorService serverThreads;
    private final AtomicInteger hits = new AtomicInteger();
    private final AtomicLong bigBytesWritten = new AtomicLong();
    private final AtomicReference<IOException> bigWriteFailure = new AtomicReference<>();
    private final CountDownLatch bigDone = new CountDownLatch(1);

    @BeforeEach
    void startServer() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        serverThreads = Executors.newCachedThreadPool();
        server.setExecutor(serverThreads);
        server.createContext(
                "/big", // 64 MiB, chunked (no Content-Length), 64 KiB at a time
                exchange -> {
                    hits.incrementAndGet();
                    byte[] chunk = new byte[64 * 1024];
                    try (OutputStream body = exchange.getResponseBody()) {
                        exchange.sendResponseHeaders(200, 0);
                        for (long sent = 0; sent < BIG_BODY; sent += chunk.length) {
                            body.write(chunk);
                            bigBytesWritten.addAndGet(chunk.length);
                        }
                    } catch (IOException e) {
                        bigWriteFailure.set(e);
                    } finally {
                        bigDone.countDown();
                    }
                });
        server.createContext(
                "/slow", // answers after 5 s
                exchange -> {
                    hits.incrementAndGet();
                    try {
                        Thread.sleep(5000);
                        exchange.sendResponseHeaders(200, 2);
                        exchange.getResponseBody().write("ok".getBytes(StandardCharsets.UTF_8));
                    } catch (InterruptedException | IOException e) {
                        // the client gave up
                    } finally {
                        exchange.close();
                    }
                });
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
        serverThreads.shutdownNow();
    }

    private String endpoint() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    private byte[] get(String path, int timeoutMs) {
        return ("h{\"Method\":\"GET\",\"URL\":\"http://"
                        + endpoint()
                        + path
                        + "\",\"Timeout\":"
                        + timeoutMs
                        + "}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static YomoStreamFunction open(WasmRuntimeConfig config, Set<String> allowed) {
        YomoStreamFunction fn =
                new YomoStreamFunction(
                        WasmModuleSource.fromClasspath("wasm/chaos.wasm"), config, allowed);
        fn.open();
        return fn;
    }

    private static final YomoOutput HTTP_ERROR = new YomoOutput(0x53, new byte[] {2}, null);

    @Test
    void anOversizedBodyIsCutAtTheCapAndTheConnectionDropped() throws Exception {
        try (YomoStreamFunction fn =
                open(
                        WasmRuntimeConfig.builder().callTimeout(Duration.ofSeconds(30)).build(),
                        Set.of(endpoint()))) {
            assertThat(fn.process(0x50, get("/big", 20_000))).containsExactly(HTTP_ERROR);
        }
        assertThat(bigDone.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(bigWriteFailure.get())
                .as("the server's write failed: the client closed the connection")
                .isNotNull();
        // Reading everything first (before) took all 64 MiB; now the client stops at 16 MiB, and
        // only socket buffers lie between the two ends.
        assertThat(bigBytesWritten.get())
                .isGreaterThanOrEqualTo(YomoHttpSender.MAX_RESPONSE_BYTES)
                .isLessThan(YomoHttpSender.MAX_RESPONSE_BYTES + 8L * 1024 * 1024);
    }

    /**
     * The request asks for 10 s and the server needs 5 s, but the guest call has 500 ms: the call
     * ends near 500 ms. wasmtime cannot interrupt a host function, so before the wait was clamped
     * its call lasted the server's 5 s; Chicory's interrupt already ended it.
     */
    @ParameterizedTest
    @EnumSource(TestEngine.class)
    void aSlowServerTimesOutAtTheCallBudgetNotTheRequestTimeout(TestEngine engine) {
        WasmRuntimeConfig config = engine.config().callTimeout(Duration.ofMillis(500)).build();
        try (YomoStreamFunction fn = open(config, Set.of(endpoint()))) {
            long start = System.nanoTime();
            List<YomoOutput> out;
            try {
                out = fn.process(0x50, get("/slow", 10_000));
            } catch (WasmTrapException e) {
                assertThat(e.kind()).isEqualTo(WasmTrapException.Kind.TIMEOUT);
                out = List.of();
            }
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(millis).isBetween(450L, 2000L);
            if (!out.isEmpty()) {
                assertThat(out).containsExactly(HTTP_ERROR); // wasmtime: the guest saw the error
            }
        }
    }

    @Test
    void aHostPortNotOnTheListIsRefusedAndLoggedWithHostAndPort() {
        String otherPort = "127.0.0.1:" + (server.getAddress().getPort() == 1 ? 2 : 1);
        try (CapturedLog log = CapturedLog.of(YomoHttpSender.class.getName());
                YomoStreamFunction fn = open(WasmRuntimeConfig.defaults(), Set.of(otherPort))) {
            assertThat(fn.process(0x50, get("/slow", 1000))).containsExactly(HTTP_ERROR);
            assertThat(hits).hasValue(0);
            assertThat(log.messages())
                    .anySatisfy(
                            m ->
                                    assertThat(m)
                                            .contains(
                                                    "yomo_http_send to " + endpoint() + " refused")
                                            .contains("wasm.http.allowed-endpoints"));
        }
    }

    @Test
    void aBareHostFromTheDeprecatedOptionStillAllowsEveryPort() {
        HttpAllowList legacy = HttpAllowList.of(List.of("LocalHost"));
        assertThat(legacy.allows("localhost", 8080)).isTrue();
        assertThat(legacy.allows("localhost", 443)).isTrue();
        HttpAllowList pairs = HttpAllowList.of(List.of("api.example.com:443", "[::1]:8080"));
        assertThat(pairs.allows("api.example.com", 443)).isTrue();
        assertThat(pairs.allows("api.example.com", 80)).isFalse();
        assertThat(pairs.allows("[::1]", 8080)).isTrue();
        assertThat(pairs.allows("[::1]", 8081)).isFalse();
    }
}
