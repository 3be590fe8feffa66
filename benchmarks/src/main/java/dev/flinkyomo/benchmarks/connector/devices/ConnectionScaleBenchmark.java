package dev.flinkyomo.benchmarks.connector.devices;

import java.io.File;
import java.util.ArrayList;
import java.util.List;

/**
 * Many devices on one listener: for each device count, a listener process (a Flink job of the
 * {@code yomo} source, {@link ScaleListenerMain}) and one sender process (this one) with that many
 * YoMo sources, each sending a frame per second ({@link DeviceFleet}); see {@link ScaleRun} for the
 * phases and BENCHMARKS.md ("Many devices on one listener") for how to read the table.
 *
 * <pre>
 * java -Ddevices.counts=1000,5000,10000 -cp benchmarks/target/benchmarks.jar \
 *     dev.flinkyomo.benchmarks.connector.devices.ConnectionScaleBenchmark
 * </pre>
 */
public final class ConnectionScaleBenchmark {

    private ConnectionScaleBenchmark() {}

    public static void main(String[] args) throws Exception {
        ScaleSettings settings = ScaleSettings.fromSystemProperties();
        File log = new File(System.getProperty("devices.log", "target/listener.log"));
        log.getAbsoluteFile().getParentFile().mkdirs();
        System.out.println("settings: " + settings + "; listener stderr in " + log);
        List<String> rows = new ArrayList<>();
        for (int devices : settings.counts()) {
            rows.add(new ScaleRun(settings, devices, log).run().row());
            System.out.println(ScaleResult.header());
            rows.forEach(System.out::println);
        }
        System.exit(0);
    }
}
