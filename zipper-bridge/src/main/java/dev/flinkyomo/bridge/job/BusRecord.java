package dev.flinkyomo.bridge.job;

import dev.flinkyomo.common.YomoRecord;

import java.io.Serializable;
import java.util.Objects;

/**
 * A record on the bridge's routing bus with the stage that wrote it: {@code 0} for YoMo sources,
 * {@code i} for the function at stage {@code i}. Stages pass every record on, so the function at
 * stage {@code j} sees exactly the records of the sources and of stages before it (YoMo v1.6). A
 * Flink POJO.
 */
public class BusRecord implements Serializable {

    private static final long serialVersionUID = 1L;

    private YomoRecord record;
    private int origin;

    public BusRecord() {}

    public BusRecord(YomoRecord record, int origin) {
        this.record = Objects.requireNonNull(record, "record");
        this.origin = origin;
    }

    public YomoRecord getRecord() {
        return record;
    }

    public void setRecord(YomoRecord record) {
        this.record = record;
    }

    public int getOrigin() {
        return origin;
    }

    public void setOrigin(int origin) {
        this.origin = origin;
    }

    public boolean fromFunction() {
        return origin > 0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BusRecord
                && ((BusRecord) o).origin == origin
                && Objects.equals(((BusRecord) o).record, record);
    }

    @Override
    public int hashCode() {
        return Objects.hash(record, origin);
    }

    @Override
    public String toString() {
        return "BusRecord{origin=" + origin + ", " + record + '}';
    }
}
