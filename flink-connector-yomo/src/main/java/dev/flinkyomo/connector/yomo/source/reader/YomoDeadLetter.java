package dev.flinkyomo.connector.yomo.source.reader;

import org.apache.flink.annotation.PublicEvolving;

import dev.flinkyomo.common.YomoRecord;

import java.io.Serializable;
import java.util.Objects;

/**
 * A frame whose payload did not decode: the frame as received (tag, payload, metadata, client name
 * and id, receive time) and the decoder's error. A Flink POJO.
 */
@PublicEvolving
public class YomoDeadLetter implements Serializable {

    private static final long serialVersionUID = 1L;

    private YomoRecord record;
    private String error;

    public YomoDeadLetter() {}

    public YomoDeadLetter(YomoRecord record, String error) {
        this.record = record;
        this.error = error;
    }

    public YomoRecord getRecord() {
        return record;
    }

    public void setRecord(YomoRecord record) {
        this.record = record;
    }

    /** The decoder's message, e.g. {@code Y3 NEGATIVE_LENGTH at byte offset 1: ...}. */
    public String getError() {
        return error;
    }

    public void setError(String error) {
        this.error = error;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof YomoDeadLetter d
                && Objects.equals(record, d.record)
                && Objects.equals(error, d.error);
    }

    @Override
    public int hashCode() {
        return Objects.hash(record, error);
    }

    @Override
    public String toString() {
        return "YomoDeadLetter{" + record + ", error=" + error + "}";
    }
}
