package dev.flinkyomo.benchmarks.connector.devices;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.MemorySize;
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
 * scale.maxConnectionsPerAddress}, {@code scale.memoryBudget} (e.g. 512m), each left at the
 * connector's default when absent.
 */
public final class ScaleListenerMain {

    private static final String NAME = "devices";

    private ScaleListenerMain() {}

    public static void main(String[] args) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
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
