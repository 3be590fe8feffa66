package dev.flinkyomo.benchmarks.connector.devices;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import dev.flinkyomo.common.YomoRecord;
import dev.flinkyomo.connector.yomo.source.YomoListenerRegistry;
import dev.flinkyomo.connector.yomo.source.YomoListenerSourceBuilder;
import dev.flinkyomo.connector.yomo.source.YomoSource;
import dev.flinkyomo.yomo.transport.ListenerOptions;
import dev.flinkyomo.yomo.transport.TlsOptions;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The listener process of {@link ConnectionScaleBenchmark}: a Flink job, as a user runs one, of the
 * {@code yomo} source (YomoSource, parallelism 1, embedded cluster) into a sink counting frames and
 * devices. Alone in its JVM so its memory can be measured without the sender's.
 *
 * <p>Talks over stdio: prints {@code READY port=P} once bound, then {@code STATS frames=F
 * devices=D} every 200 ms; reads {@code heap} (answers {@code HEAP used=U committed=C} after two
 * full GCs); exits when stdin closes, so it never outlives the harness.
 *
 * <p>Settings, as system properties: {@code scale.port} (default 9000), {@code scale.token}
 * (secret), {@code scale.maxConnections}, {@code scale.maxPendingConnections}, {@code
 * scale.maxConnectionsPerAddress}, {@code scale.memoryBudget} (e.g. 512m), {@code
 * scale.retryTokenLifetime} (e.g. PT3S), each left at the connector's default when absent; {@code
 * scale.networkMemory} (see {@link #flinkConfiguration}).
 */
public final class ScaleListenerMain {

    private static final String NAME = "devices";

    private ScaleListenerMain() {}

    public static void main(String[] args) throws Exception {
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(flinkConfiguration());
        env.setParallelism(1);
        env.fromSource(source(), WatermarkStrategy.noWatermarks(), "yomo")
                .sinkTo(new DeviceCountingSink());
        env.executeAsync("many-devices-listener");
        int port = YomoListenerRegistry.addressOf(NAME, 0).get(120, TimeUnit.SECONDS).getPort();
        System.out.println("READY port=" + port);
        Thread stats = new Thread(ScaleListenerMain::reportStats, "stats");
        stats.setDaemon(true);
        stats.start();
        serveCommands();
        Runtime.getRuntime().halt(0); // stdin closed: the harness is gone or done
    }

    /**
     * {@code scale.networkMemory} (e.g. 16m) sets {@code taskmanager.memory.network.min} and {@code
     * .max}: the embedded cluster's default is 64 MiB of network buffers, allocated (and resident)
     * at start, which a job of one chained source and sink never uses.
     */
    static Configuration flinkConfiguration() {
        Configuration conf = new Configuration();
        String network = System.getProperty("scale.networkMemory");
        if (network != null) {
            MemorySize size = MemorySize.parse(network);
            conf.set(TaskManagerOptions.NETWORK_MEMORY_MIN, size);
            conf.set(TaskManagerOptions.NETWORK_MEMORY_MAX, size);
        }
        return conf;
    }

    private static YomoSource<YomoRecord> source() {
        YomoListenerSourceBuilder<YomoRecord> b =
                YomoSource.listener()
                        .setListenerName(NAME)
                        .setHost("0.0.0.0")
                        .setPort(Integer.getInteger("scale.port", ListenerOptions.DEFAULT_PORT))
                        .setAuthToken(System.getProperty("scale.token", "secret"))
                        .setTls(TlsOptions.INSECURE_DEFAULT);
        Integer max = Integer.getInteger("scale.maxConnections");
        if (max != null) {
            b.setMaxConnections(max);
        }
        Integer pending = Integer.getInteger("scale.maxPendingConnections");
        if (pending != null) {
            b.setMaxPendingConnections(pending);
        }
        Integer perAddress = Integer.getInteger("scale.maxConnectionsPerAddress");
        if (perAddress != null) {
            b.setMaxConnectionsPerAddress(perAddress);
        }
        String tokenLifetime = System.getProperty("scale.retryTokenLifetime");
        if (tokenLifetime != null) {
            b.setRetryTokenLifetime(Duration.parse(tokenLifetime));
        }
        String budget = System.getProperty("scale.memoryBudget");
        if (budget != null) {
            b.setMemoryBudget(MemorySize.parse(budget).getBytes());
        }
        return b.build();
    }

    private static void reportStats() {
        while (true) {
            System.out.println(
                    "STATS frames="
                            + DeviceCountingSink.FRAMES.get()
                            + " devices="
                            + DeviceCountingSink.DEVICES.get());
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static void serveCommands() throws Exception {
        BufferedReader in =
                new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            if (line.trim().equals("heap")) {
                System.gc();
                System.gc();
                MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
                System.out.println(
                        "HEAP used=" + heap.getUsed() + " committed=" + heap.getCommitted());
            }
        }
    }
}
