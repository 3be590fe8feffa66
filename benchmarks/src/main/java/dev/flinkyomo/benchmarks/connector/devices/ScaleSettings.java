package dev.flinkyomo.benchmarks.connector.devices;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The harness's settings, from system properties: {@code devices.counts} (1000,5000,10000), {@code
 * devices.measureSeconds} (20, each CPU interval), {@code devices.perSocket} (100 devices per
 * sender socket and loopback address), {@code devices.senderThreads} (2), {@code
 * devices.listenerJvm} (JVM options of the listener process, space-separated), {@code
 * devices.storm} (true), {@code devices.port} (19000), {@code devices.connectPerSecond} (1000, the
 * first connect's ramp; the storm is all at once); every {@code scale.*} property is passed to the
 * listener process (see {@link ScaleListenerMain}).
 */
record ScaleSettings(
        List<Integer> counts,
        int measureSeconds,
        int perSocket,
        int senderThreads,
        List<String> listenerJvm,
        boolean storm,
        int port,
        int connectPerSecond,
        Map<String, String> listenerSettings) {

    /** A fixed, pre-touched heap: see {@link MemorySnapshot}. */
    static final String DEFAULT_LISTENER_JVM = "-Xms512m -Xmx512m -XX:+AlwaysPreTouch";

    static ScaleSettings fromSystemProperties() {
        Map<String, String> listener = new TreeMap<>();
        System.getProperties()
                .stringPropertyNames()
                .forEach(
                        k -> {
                            if (k.startsWith("scale.")) {
                                listener.put(k, System.getProperty(k));
                            }
                        });
        return new ScaleSettings(
                Arrays.stream(System.getProperty("devices.counts", "1000,5000,10000").split(","))
                        .map(String::trim)
                        .map(Integer::parseInt)
                        .toList(),
                Integer.getInteger("devices.measureSeconds", 20),
                Integer.getInteger("devices.perSocket", 100),
                Integer.getInteger("devices.senderThreads", 2),
                List.of(
                        System.getProperty("devices.listenerJvm", DEFAULT_LISTENER_JVM)
                                .trim()
                                .split("\\s+")),
                Boolean.parseBoolean(System.getProperty("devices.storm", "true")),
                Integer.getInteger("devices.port", 19000),
                Integer.getInteger("devices.connectPerSecond", 1000),
                listener);
    }

    /** The listener's settings for {@code devices}: max-connections raised to fit if not set. */
    Map<String, String> listenerSettingsFor(int devices) {
        Map<String, String> s = new TreeMap<>(listenerSettings);
        s.put("scale.port", String.valueOf(port));
        s.putIfAbsent("scale.maxConnections", String.valueOf(Math.max(1024, devices)));
        return s;
    }
}
