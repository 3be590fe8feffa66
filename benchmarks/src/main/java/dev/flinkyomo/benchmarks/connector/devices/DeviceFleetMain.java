package dev.flinkyomo.benchmarks.connector.devices;

import java.net.InetSocketAddress;

/**
 * The sender alone, for a listener started by hand ({@link ScaleListenerMain}, or any YoMo zipper
 * taking token {@code secret}): {@code host port devices seconds} connects that many devices over a
 * second per 1,000, sends a frame per second each for the given time, and prints the counters every
 * 5 s.
 */
public final class DeviceFleetMain {

    private DeviceFleetMain() {}

    public static void main(String[] args) throws Exception {
        InetSocketAddress listener = new InetSocketAddress(args[0], Integer.parseInt(args[1]));
        int devices = Integer.parseInt(args[2]);
        long seconds = Long.parseLong(args[3]);
        try (DeviceFleet fleet =
                new DeviceFleet(
                        listener,
                        devices,
                        Integer.getInteger("devices.perSocket", 100),
                        Integer.getInteger("devices.senderThreads", 2),
                        "token:secret")) {
            fleet.sending(true);
            fleet.connect(devices);
            long end = System.nanoTime() + seconds * 1_000_000_000L;
            while (System.nanoTime() < end) {
                Thread.sleep(5000);
                System.out.println(fleet.describe());
            }
        }
        System.exit(0);
    }
}
