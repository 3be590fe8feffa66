package dev.flinkyomo.wasm.datastream;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;

import com.sun.net.httpserver.HttpServer;
import dev.flinkyomo.common.YomoRecord;
import dev.flinkyomo.wasm.TestClusters;
import dev.flinkyomo.wasm.runtime.CallWatchdog;
import dev.flinkyomo.wasm.runtime.CompileCache;
import dev.flinkyomo.wasm.runtime.WasmModuleSource;
import dev.flinkyomo.wasm.runtime.wasmtime.WasmtimeEngine;
import dev.flinkyomo.wasm.yomo.ExampleGuests;
import dev.flinkyomo.wasm.yomo.PongServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.lang.ref.WeakReference;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import static dev.flinkyomo.wasm.datastream.WasmStreamFunctionProcessorITCase.record;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Wasm stream function job submitted 5 times to one MiniCluster (a session cluster): after the
 * jobs, no Wasm thread is left (watchdog, compile, WASI stdio pipes), no live thread has a job's
 * user-code class loader as its context class loader, those class loaders are collected, and
 * wasmtime's engine and modules are disposed.
 *
 * <p>Here the job's classes come from the test class path, so the user-code class loader delegates
 * every class to the parent: a class of the job cannot be used to see the loader collected. The
 * loader object itself can (Flink makes one per job, and the task threads carry it as their context
 * class loader, which is what new threads inherit), so weak references to it are what is checked.
 * Before this change the watchdog thread lived forever with the first job's loader as its context
 * class loader, and wasmtime's engine was never disposed.
 */
class WasmJobResubmissionITCase {

    private static final int SUBMISSIONS = 5;

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = TestClusters.oneTaskManagerTwoSlots();

    /** The user-code class loaders the jobs ran with, weakly. */
    static final List<WeakReference<ClassLoader>> USER_LOADERS = new CopyOnWriteArrayList<>();

    /** Notes the job's user-code class loader and passes records through. */
    static final class NoteUserClassLoader extends RichMapFunction<YomoRecord, YomoRecord> {
        @Override
        public void open(OpenContext openContext) {
            USER_LOADERS.add(new WeakReference<>(getRuntimeContext().getUserCodeClassLoader()));
            USER_LOADERS.add(new WeakReference<>(Thread.currentThread().getContextClassLoader()));
        }

        @Override
        public YomoRecord map(YomoRecord value) {
            return value;
        }
    }

    static List<Thread> wasmThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(
                        t ->
                                t.getName().equals(CallWatchdog.THREAD_NAME)
                                        || t.getName().startsWith(CompileCache.THREAD_PREFIX)
                                        || t.getName().startsWith("wasm-stdout-")
                                        || t.getName().startsWith("wasm-stderr-"))
                .collect(Collectors.toList());
    }

    static List<String> threadsHoldingAUserLoader() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(
                        t ->
                                USER_LOADERS.stream()
                                        .map(WeakReference::get)
                                        .filter(Objects::nonNull)
                                        .anyMatch(l -> l == t.getContextClassLoader()))
                .map(Thread::getName)
                .collect(Collectors.toList());
    }

    static boolean await(BooleanSupplier condition, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            System.gc();
            Thread.sleep(100);
        }
        return true;
    }

    private static List<String> runOnce(WasmStreamFunctionProcessor fn, YomoRecord input)
            throws Exception {
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(2);
        return env
                .fromData(TypeInformation.of(YomoRecord.class), input)
                .map(new NoteUserClassLoader())
                .returns(TypeInformation.of(YomoRecord.class))
                .process(fn)
                .returns(TypeInformation.of(YomoRecord.class))
                .executeAndCollect(10)
                .stream()
                .map(WasmStreamFunctionProcessorITCase::text)
                .collect(Collectors.toList());
    }

    private static void awaitBaseline() throws InterruptedException {
        assertThat(await(() -> wasmThreads().isEmpty(), 30))
                .as(
                        "baseline: no Wasm thread before the jobs, found %s with %s guards open",
                        wasmThreads(), CallWatchdog.get().openGuards())
                .isTrue();
        USER_LOADERS.clear();
    }

    private static void assertNothingLeft() throws InterruptedException {
        assertThat(USER_LOADERS).hasSizeGreaterThanOrEqualTo(SUBMISSIONS);
        assertThat(await(() -> wasmThreads().isEmpty(), 30))
                .as("Wasm threads left after the jobs: %s", wasmThreads())
                .isTrue();
        assertThat(threadsHoldingAUserLoader())
                .as("live threads whose context class loader is a job's user-code class loader")
                .isEmpty();
        assertThat(await(() -> USER_LOADERS.stream().allMatch(r -> r.get() == null), 60))
                .as("the jobs' user-code class loaders were collected")
                .isTrue();
        assertThat(await(() -> WasmtimeEngine.nativeHandles() == 0, 30))
                .as("wasmtime engine and modules disposed")
                .isTrue();
    }

    @ParameterizedTest
    @EnumSource(
            value = WasmStreamFunctionProcessorITCase.Engine.class,
            names = {"CHICORY_COMPILED", "WASMTIME"})
    void repeatedSubmissionsLeaveNoThreadNoClassLoaderAndNoWasmtimeEngine(
            WasmStreamFunctionProcessorITCase.Engine engine) throws Exception {
        awaitBaseline();
        for (int i = 0; i < SUBMISSIONS; i++) {
            WasmStreamFunctionProcessor fn =
                    WasmStreamFunctionProcessor.builder(ExampleGuests.load(ExampleGuests.NOISE))
                            .engine(engine.type)
                            .chicoryMode(engine.mode)
                            .build();
            assertThat(runOnce(fn, record(0x33, "{\"noise\":42,\"time\":1,\"from\":\"a\"}", "t1")))
                    .containsExactly("0x34 {\"noise\":4.2,\"time\":1,\"from\":\"a\"} tid=t1");
        }
        assertNothingLeft();
    }

    /**
     * The same with yomo_http_send: the JDK HTTP client's threads (selector, workers idling 60 s)
     * would inherit the task thread's context class loader if the client were built there.
     */
    @Test
    void repeatedSubmissionsOfAnHttpGuestLeaveNoClassLoaderPinned() throws Exception {
        HttpServer server = PongServer.start();
        try {
            String endpoint = "127.0.0.1:" + server.getAddress().getPort();
            awaitBaseline();
            for (int i = 0; i < SUBMISSIONS; i++) {
                WasmStreamFunctionProcessor fn =
                        WasmStreamFunctionProcessor.builder(
                                        WasmModuleSource.fromClasspath("wasm/tinygo_httpget.wasm"))
                                .httpAllowedEndpoints(Set.of(endpoint))
                                .build();
                assertThat(runOnce(fn, record(0x70, "http://" + endpoint + "/ping", "t1")))
                        .containsExactly("0x71 200 pong tid=t1");
            }
            assertNothingLeft();
        } finally {
            server.stop(0);
        }
    }
}
