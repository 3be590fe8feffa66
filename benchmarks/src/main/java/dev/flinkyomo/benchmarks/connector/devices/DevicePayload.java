package dev.flinkyomo.benchmarks.connector.devices;

import java.nio.ByteBuffer;

/**
 * What a simulated device sends: its index and a per-device counter, 8 bytes. The listener's sink
 * reads the index back to tell which devices delivered, so "all devices are delivering again" after
 * a reconnect storm is observed at the listener, not assumed from the sender's side.
 */
final class DevicePayload {

    static final long TAG = 0x33;
    static final int SIZE = 8;

    private DevicePayload() {}

    static byte[] of(int device, int sequence) {
        return ByteBuffer.allocate(SIZE).putInt(device).putInt(sequence).array();
    }

    /** The device index, or -1 for a payload that is not a device's. */
    static int device(byte[] payload) {
        return payload.length == SIZE ? ByteBuffer.wrap(payload).getInt(0) : -1;
    }
}
