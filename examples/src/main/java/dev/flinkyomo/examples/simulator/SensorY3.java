package dev.flinkyomo.examples.simulator;

import dev.flinkyomo.y3.IntegerEncoding;
import dev.flinkyomo.y3.Y3Writer;

/**
 * The Y3 layout of a sensor reading: one record node {@code 0x10} holding {@code 0x11} sensor id
 * (string), {@code 0x12} value (float64), {@code 0x13} time (int64 epoch ms), integers as NVarInt
 * (yomo >= v1.4). In SQL: {@code 'format' = 'y3', 'y3.keys' = 'sensor=0x11,val=0x12,ts=0x13'}.
 */
public final class SensorY3 {

    public static final int RECORD = 0x10;
    public static final int SENSOR = 0x11;
    public static final int VALUE = 0x12;
    public static final int TIME = 0x13;

    /** The {@code y3.keys} option for columns named sensor, val, ts. */
    public static final String SQL_KEYS = "sensor=0x11,val=0x12,ts=0x13";

    private SensorY3() {}

    public static byte[] encode(Y3Writer writer, String sensor, double value, long timeMillis) {
        return writer.reset()
                .beginNode(RECORD)
                .string(SENSOR, sensor)
                .float64(VALUE, value)
                .int64(TIME, timeMillis)
                .endNode()
                .toByteArray();
    }

    public static byte[] encode(String sensor, double value, long timeMillis) {
        return encode(new Y3Writer(IntegerEncoding.NVARINT), sensor, value, timeMillis);
    }
}
