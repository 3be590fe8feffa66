package dev.flinkyomo.examples.join;

import dev.flinkyomo.formats.y3.Y3Key;

/**
 * A sensor reading as {@link dev.flinkyomo.examples.simulator.SensorY3} lays it out, plus what the
 * frame says about it (tag, transaction id). The Y3 keys are read by the y3 format's POJO schema;
 * {@code tag} and {@code tid} come from the YoMo frame.
 */
public class SensorReading {

    public long tag;
    public String tid;

    @Y3Key(0x11)
    public String sensor;

    @Y3Key(0x12)
    public double val;

    @Y3Key(0x13)
    public long ts;

    public SensorReading() {}

    @Override
    public String toString() {
        return "tag=0x" + Long.toHexString(tag) + " " + sensor + " " + val + " @" + ts;
    }
}
