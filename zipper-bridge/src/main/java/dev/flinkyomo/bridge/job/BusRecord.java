package dev.flinkyomo.bridge.job;

import dev.flinkyomo.common.YomoRecord;

import java.io.Serializable;
import java.util.Objects;

/**
 * A record on the bridge's routing bus with the stage that wrote it: {@code 0} for YoMo sources,
 * {@link #FROM_UPSTREAM_ZIPPER} for frames another zipper forwarded, {@code i} for the function at
 * stage {@code i}. Stages pass every record on, so the function at stage {@code j} sees exactly the
 * records of the sources and of stages before it (YoMo v1.6). A Flink POJO.
 */
public class BusRecord implements Serializable {

    private static final long serialVersionUID = 1L;

    /**
     * The origin of a frame another zipper forwarded to this one (client type 0x5E): routed to the
     * functions like a source's, but not forwarded to mesh peers again, as yomo's {@code
     * dispatchToDownstreams} does not (its loop protection; two meshed zippers would otherwise
     * bounce every frame).
     */
    public static final int FROM_UPSTREAM_ZIPPER = -1;

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

    public boolean fromUpstreamZipper() {
        return origin == FROM_UPSTREAM_ZIPPER;
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
