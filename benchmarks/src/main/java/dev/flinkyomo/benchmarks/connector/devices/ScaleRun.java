package dev.flinkyomo.benchmarks.connector.devices;

import java.io.File;
import java.net.InetSocketAddress;
import java.util.Map;

/**
 * One device count, start to end: a fresh listener process, its memory before; the devices
 * connecting (spread over a second per 1,000), their frames at 1/s; CPU while sending and while
 * idle; sent vs received after the senders stop; memory after; then the reconnect storm (listener
 * killed and started again on the same port, every device redialling at once) with its own sent vs
 * received. Every wait has a deadline; a missed one is reported, not waited out.
 */
final class ScaleRun {

    private static final long CONNECT_TIMEOUT_MILLIS = 180_000;
    private static final long DRAIN_TIMEOUT_MILLIS = 60_000;
    private static final long STORM_TIMEOUT_MILLIS = 120_000;

    private final ScaleSettings settings;
    private final int devices;
    private final Map<String, String> listenerSettings;
    private final File log;

    /** The listener process now; the storm replaces it. */
    private ListenerProcess listener;

    ScaleRun(ScaleSettings settings, int devices, File log) {
        this.settings = settings;
        this.devices = devices;
        this.listenerSettings = settings.listenerSettingsFor(devices);
        this.log = log;
    }

    ScaleResult run() throws Exception {
        listener = start();
        try (DeviceFleet fleet =
                new DeviceFleet(
                        new InetSocketAddress("127.0.0.1", settings.port()),
                        devices,
                        settings.perSocket(),
                        settings.senderThreads(),
                        "token:secret")) {
            Thread.sleep(3000); // the job's start-up garbage and JIT settle
            MemorySnapshot before = MemorySnapshot.of(listener);
            double cpuBaseline = cpuPercent();
            say("before: " + before + "; CPU " + cpuBaseline + "% of a core");
            fleet.sending(true);
            fleet.connect(devices * 1000L / settings.connectPerSecond());
            long connect = Waits.until(() -> fleet.connected() == devices, CONNECT_TIMEOUT_MILLIS);
            say("connected in " + connect + " ms: " + fleet.describe());
            long delivering =
                    Waits.until(() -> listener.devices() == devices, DRAIN_TIMEOUT_MILLIS);
            say("all delivering after " + delivering + " more ms");
            double cpuSending = cpuPercent();
            fleet.sending(false);
            long drained =
                    Waits.until(
                            () -> listener.frames() == fleet.sentThisEpoch(), DRAIN_TIMEOUT_MILLIS);
            long sent = fleet.sentThisEpoch();
            long received = listener.frames();
            say("sent " + sent + ", received " + received + " (drained in " + drained + " ms)");
            double cpuIdle = cpuPercent();
            MemorySnapshot after = MemorySnapshot.of(listener);
            say(
                    "after: "
                            + after
                            + "; CPU sending "
                            + cpuSending
                            + "%, idle "
                            + cpuIdle
                            + "%; "
                            + fleet.describe());
            ScaleResult.Storm storm = null;
            if (settings.storm()) {
                fleet.sending(true);
                storm = storm(fleet);
            }
            return new ScaleResult(
                    devices,
                    connect,
                    sent,
                    received,
                    before,
                    after,
                    new ScaleResult.Cpu(cpuBaseline, cpuSending, cpuIdle),
                    storm);
        } finally {
            listener.close();
        }
    }

    /** Kills the listener, starts another on the same port, waits for every device. */
    private ScaleResult.Storm storm(DeviceFleet fleet) throws Exception {
        fleet.nextEpoch();
        long t0 = System.nanoTime();
        listener.close(); // SIGKILL: the devices learn from their idle timeout
        ListenerProcess fresh = start();
        listener = fresh;
        long ready = (System.nanoTime() - t0) / 1_000_000;
        long connected =
                Waits.until(() -> fleet.connectedThisEpoch() == devices, STORM_TIMEOUT_MILLIS);
        long allConnected = connected < 0 ? -1 : (System.nanoTime() - t0) / 1_000_000;
        long delivering = Waits.until(() -> fresh.devices() == devices, STORM_TIMEOUT_MILLIS);
        long allDelivering = delivering < 0 ? -1 : (System.nanoTime() - t0) / 1_000_000;
        say(
                "storm: listener up "
                        + ready
                        + " ms, all connected "
                        + allConnected
                        + " ms, all delivering "
                        + allDelivering
                        + " ms after the kill; "
                        + fleet.describe());
        Thread.sleep(3000);
        fleet.sending(false);
        Waits.until(() -> fresh.frames() == fleet.sentThisEpoch(), DRAIN_TIMEOUT_MILLIS);
        ScaleResult.Storm result =
                new ScaleResult.Storm(
                        ready,
                        allConnected,
                        allDelivering,
                        fleet.sentThisEpoch(),
                        fresh.frames(),
                        fresh.probe().rssKiB());
        say("storm: sent " + result.sent() + ", received " + result.received());
        return result;
    }

    private ListenerProcess start() throws Exception {
        ListenerProcess p = new ListenerProcess(settings.listenerJvm(), listenerSettings, log);
        p.awaitReady(120);
        return p;
    }

    /** The listener's CPU over one interval, in % of one core. */
    private double cpuPercent() throws Exception {
        long cpu0 = listener.probe().cpuMillis();
        long t0 = System.nanoTime();
        Thread.sleep(settings.measureSeconds() * 1000L);
        long cpu = listener.probe().cpuMillis() - cpu0;
        long wall = (System.nanoTime() - t0) / 1_000_000;
        return 100.0 * cpu / wall;
    }

    private void say(String s) {
        System.out.println("[" + devices + " devices] " + s);
    }
}
